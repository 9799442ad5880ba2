package dev.chatgen.render.comfy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatgen.catalog.GenArgs;
import dev.chatgen.chat.Attachment;
import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.render.BackendUnavailableException;
import dev.chatgen.render.ImageBackend;
import dev.chatgen.render.InstalledModels;
import dev.chatgen.render.PlanInfotext;
import dev.chatgen.render.RenderFailedException;
import dev.chatgen.render.RenderProgress;
import dev.chatgen.render.RenderRequest;
import dev.chatgen.render.RenderedImage;
import dev.chatgen.render.comfy.ComfyClient.Reply;
import dev.chatgen.render.comfy.ComfyHistory.ImageRef;
import dev.chatgen.render.comfy.ComfyHistory.QueueState;
import dev.chatgen.render.png.A1111Infotext;
import dev.chatgen.render.png.ImageReadException;
import dev.chatgen.render.png.PngChunks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Renders on a ComfyUI server: builds the stock text-to-image (or img2img) graph for the plan, queues it with
 * POST /prompt, polls GET /history/{prompt_id} until it has finished (the /ws socket adds step progress when it
 * can be opened), fetches the picture from GET /view and adds the A1111 "parameters" infotext beside ComfyUI's
 * own "prompt" chunk. One instance is one GPU slot: one render at a time.
 */
public final class ComfyBackend implements ImageBackend, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComfyBackend.class);

    private final ComfyClient client;
    private final Duration pollEvery;
    private final Duration renderTimeout;
    private final String clientId = UUID.randomUUID().toString();
    private final ComfyProgressSocket socket;
    private final AtomicReference<String> loaded = new AtomicReference<>();
    private final AtomicReference<RenderJob> current = new AtomicReference<>();

    /**
     * @param requestTimeout limit for each HTTP request
     * @param pollEvery      pause between looks at the history while a prompt is queued or running
     * @param renderTimeout  limit for one prompt from queueing to finished, queue wait included
     */
    public ComfyBackend(URI baseUrl, HttpClient http, Duration requestTimeout, Duration pollEvery, Duration renderTimeout) {
        this.client = new ComfyClient(baseUrl, http, requestTimeout);
        this.pollEvery = pollEvery;
        this.renderTimeout = renderTimeout;
        this.socket = new ComfyProgressSocket(http, client.base(), clientId, requestTimeout);
    }

    @Override
    public String name() {
        return "comfyui";
    }

    /** The id this instance queues prompts and opens the progress socket under. */
    public String clientId() {
        return clientId;
    }

    /** ComfyUI keeps the last checkpoint it ran in memory, so the next prompt with it starts at once. */
    @Override
    public Optional<String> loadedCheckpoint() {
        return Optional.ofNullable(loaded.get());
    }

    /**
     * GET /models/checkpoints and /models/loras; servers older than those routes answer 404, and then the
     * choices of CheckpointLoaderSimple and LoraLoader in GET /object_info/{node} list the same files.
     *
     * @throws BackendUnavailableException also when the server answers but not like ComfyUI: it cannot be used
     */
    @Override
    public InstalledModels installedModels() {
        try {
            return InstalledModels.of(
                    modelFiles("checkpoints", "CheckpointLoaderSimple", "ckpt_name"),
                    modelFiles("loras", "LoraLoader", "lora_name"));
        } catch (RenderFailedException e) {
            throw new BackendUnavailableException("ComfyUI at " + client.base() + " cannot list its models: " + e.getMessage(), e);
        }
    }

    @Override
    public RenderedImage render(RenderRequest request, RenderProgress progress) {
        long started = System.nanoTime();
        RenderJob job = new RenderJob(progress);
        if (!current.compareAndSet(null, job)) {
            throw new IllegalStateException("a ComfyBackend renders one picture at a time");
        }
        try {
            return render(request, job, started);
        } finally {
            socket.unfollow();
            current.compareAndSet(job, null);
        }
    }

    /** Deletes the prompt from ComfyUI's queue if it is still waiting, or interrupts it if it runs; render then fails "cancelled". */
    @Override
    public void cancel() {
        RenderJob job = current.get();
        if (job == null) {
            return;
        }
        job.cancelled = true;
        job.wake();
        stopOnServer(job);
    }

    @Override
    public void close() {
        socket.close();
    }

    private RenderedImage render(RenderRequest request, RenderJob job, long started) {
        GenerationPlan plan = request.plan();
        ModelFiles files = ModelFiles.resolve(plan, installedModels());
        SamplerChoice sampler = SamplerChoice.of(plan.args().sampler());
        job.throwIfCancelled();
        Optional<String> startImage = request.reference().map(this::upload);
        ComfyGraph graph = ComfyGraph.build(plan, request.seed(), files, sampler.sampler(), startImage);
        job.samplerNode = graph.samplerNode();
        job.throwIfCancelled();
        if (socket.connect()) {
            socket.follow(job);
        }
        String promptId = queue(graph);
        LOG.info("ComfyUI {} queued prompt {} ({} on {}, seed {})", client.base(), promptId,
                plan.model().id(), files.checkpoint(), request.seed());
        job.promptId = promptId;
        if (job.cancelled) {
            stopOnServer(job);
            job.throwIfCancelled();
        }
        ImageRef image = awaitPicture(job, graph, plan.args());
        byte[] saved = download(image);
        int[] size = sizeOf(saved);
        List<String> notes = new ArrayList<>();
        sampler.note().ifPresent(notes::add);
        if (size[0] != plan.args().width() || size[1] != plan.args().height()) {
            notes.add("ComfyUI returned " + size[0] + "x" + size[1] + " instead of the planned "
                    + plan.args().width() + "x" + plan.args().height());
        }
        byte[] png = withParameters(saved, infotext(request, files, sampler, graph, size));
        loaded.set(plan.checkpoint().id());
        job.report(100);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("ComfyUI {} finished prompt {} in {} ms: {}", client.base(), promptId, took.toMillis(), image.filename());
        RenderedImage.Ran ran = new RenderedImage.Ran(files.checkpoint(), sampler.serverName(), request.seed(),
                files.loras().stream().map(ModelFiles.Lora::file).toList(), notes);
        return new RenderedImage(png, size[0], size[1], ran, took);
    }

    private List<String> modelFiles(String folder, String loaderNode, String input) {
        Reply reply = client.get("/models/" + folder);
        JsonNode names;
        if (reply.status() == 404) {
            JsonNode choices = ComfyClient.okJson(client.get("/object_info/" + loaderNode))
                    .path(loaderNode).path("input").path("required").path(input);
            // [[names...], {options}] on most servers; ["COMBO", {"options": [names...]}] on newer ones.
            names = choices.path(0).isArray() ? choices.path(0) : choices.path(1).path("options");
        } else {
            names = ComfyClient.okJson(reply);
        }
        if (!names.isArray()) {
            throw new RenderFailedException("no list of " + folder + " in its answer", null);
        }
        List<String> files = new ArrayList<>();
        names.forEach(name -> files.add(name.asText()));
        return files;
    }

    /** Uploads the attached picture into ComfyUI's input folder and returns the name LoadImage knows it by. */
    private String upload(Attachment picture) {
        String extension = ImageKind.extensionOf(picture);
        // A fresh name per upload: the person's file name may clash with another upload or hold path tricks.
        String name = "chatgen_" + UUID.randomUUID().toString().replace("-", "") + "." + extension;
        JsonNode stored = ComfyClient.okJson(client.postFile("/upload/image", "image", name,
                ImageKind.contentTypeOf(extension), picture.bytes()));
        String file = stored.path("name").asText("");
        if (file.isBlank()) {
            throw new RenderFailedException("ComfyUI took the attached picture but did not say where it stored it.", null);
        }
        String subfolder = stored.path("subfolder").asText("");
        LOG.info("ComfyUI {} stored the attached picture {} as {}", client.base(), picture.fileName(), file);
        return subfolder.isEmpty() ? file : subfolder + "/" + file;
    }

    private String queue(ComfyGraph graph) {
        ObjectNode body = ComfyClient.JSON.createObjectNode();
        body.set("prompt", graph.prompt());
        body.put("client_id", clientId);
        Reply reply = client.postJson("/prompt", body);
        if (reply.status() == 400) {
            String reason = ComfyErrors.rejection(ComfyClient.json(reply));
            LOG.warn("ComfyUI {} rejected the prompt: {}", client.base(), reply.excerpt());
            throw new RenderFailedException(reason, null);
        }
        JsonNode queued = ComfyClient.okJson(reply);
        String promptId = queued.path("prompt_id").asText("");
        if (promptId.isBlank()) {
            throw new RenderFailedException("ComfyUI accepted the job but gave it no prompt_id: " + reply.excerpt(), null);
        }
        return promptId;
    }

    private ImageRef awaitPicture(RenderJob job, ComfyGraph graph, GenArgs args) {
        String promptId = job.promptId;
        long deadline = System.nanoTime() + renderTimeout.toNanos();
        int absentInARow = 0;
        while (true) {
            job.throwIfCancelled();
            ComfyHistory.Entry entry = ComfyHistory.read(ComfyClient.okJson(client.get("/history/" + promptId)),
                    promptId, graph.saveNode());
            switch (entry.state()) {
                case SUCCEEDED -> {
                    return entry.image().orElseThrow(() -> new RenderFailedException(
                            "ComfyUI finished the job but saved no picture.", null));
                }
                case FAILED -> {
                    String reason = entry.errorData().isMissingNode()
                            ? "ComfyUI reports that the job failed, without saying why."
                            : ComfyErrors.executionError(entry.errorData(), args.width(), args.height());
                    LOG.warn("ComfyUI {} failed prompt {}: {}", client.base(), promptId, reason);
                    throw new RenderFailedException(reason, null);
                }
                case INTERRUPTED -> {
                    job.throwIfCancelled();
                    throw new RenderFailedException("ComfyUI stopped the job before it finished: "
                            + "it was interrupted on the server.", null);
                }
                case NOT_FINISHED -> {
                    // still queued or running: look again below
                }
            }
            QueueState where = ComfyHistory.queueState(ComfyClient.okJson(client.get("/queue")), promptId);
            if (where == QueueState.PENDING) {
                job.report(0);
            }
            // Once absent could be the moment between finishing and our history look; twice is gone.
            absentInARow = where == QueueState.ABSENT ? absentInARow + 1 : 0;
            if (absentInARow >= 2) {
                throw new RenderFailedException("ComfyUI dropped the job: it is neither queued, running nor finished "
                        + "(was its queue cleared?).", null);
            }
            if (System.nanoTime() - deadline > 0) {
                stopOnServer(job);
                throw new RenderFailedException("ComfyUI did not finish the picture within " + readable(renderTimeout)
                        + "; it may be busy or stuck. Try again later.", null);
            }
            job.pause(pollEvery, () -> stopOnServer(job));
        }
    }

    private byte[] download(ImageRef image) {
        Reply reply = client.get("/view" + image.viewQuery());
        ComfyClient.requireOk(reply);
        return reply.body();
    }

    /** What ran, as A1111 writes it: the plan's prompt (LoRA tags kept, so readers see them) and the server's choices. */
    private static A1111Infotext infotext(RenderRequest request, ModelFiles files, SamplerChoice sampler, ComfyGraph graph,
                                          int[] size) {
        GenerationPlan plan = request.plan();
        Map<String, String> params = new LinkedHashMap<>(PlanInfotext.of(plan, request.seed()).params());
        params.put("Sampler", sampler.a1111Name());
        params.put("Seed", ComfyGraph.seedText(request.seed()));
        params.put("Size", size[0] + "x" + size[1]);
        params.put("Model", stem(files.checkpoint()));
        if (graph.denoise() < 1.0) {
            params.put("Denoising strength", GenArgs.plainNumber(graph.denoise()));
        }
        return new A1111Infotext(plan.prompt(), plan.negativePrompt(), params);
    }

    /** Width and height from the IHDR chunk, which a PNG must have first. */
    private static int[] sizeOf(byte[] png) {
        boolean ihdrFirst = png.length >= 24 && (png[0] & 0xFF) == 0x89 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G'
                && png[12] == 'I' && png[13] == 'H' && png[14] == 'D' && png[15] == 'R';
        if (!ihdrFirst) {
            throw new RenderFailedException("ComfyUI sent back a file that is not a PNG.", null);
        }
        ByteBuffer header = ByteBuffer.wrap(png);
        return new int[] {header.getInt(16), header.getInt(20)};
    }

    private static byte[] withParameters(byte[] png, A1111Infotext infotext) {
        try {
            return PngChunks.withText(png, "parameters", infotext.format());
        } catch (ImageReadException e) {
            throw new RenderFailedException("ComfyUI sent back a file that is not a readable PNG (" + e.getMessage() + ").", e);
        }
    }

    /**
     * Takes the prompt off the server, once per render: deleted while it waits in the queue, interrupted while it
     * runs (naming the prompt, so newer servers leave another client's prompt alone).
     */
    private void stopOnServer(RenderJob job) {
        String promptId = job.promptId;
        if (promptId == null || !job.stopSent.compareAndSet(false, true)) {
            return;
        }
        try {
            QueueState where = queueStateOrNull(promptId);
            if (where == null || where == QueueState.PENDING) {
                client.postJson("/queue", ComfyClient.JSON.createObjectNode().set("delete",
                        ComfyClient.JSON.createArrayNode().add(promptId)));
                // it may have started between the two requests
                where = where == null ? null : queueStateOrNull(promptId);
            }
            if (where == null || where == QueueState.RUNNING) {
                client.postJson("/interrupt", ComfyClient.JSON.createObjectNode().put("prompt_id", promptId));
            }
            LOG.info("ComfyUI {} stopped prompt {}", client.base(), promptId);
        } catch (RuntimeException e) {
            LOG.warn("ComfyUI {} could not stop prompt {}: {}", client.base(), promptId, e.getMessage());
        }
    }

    private QueueState queueStateOrNull(String promptId) {
        try {
            return ComfyHistory.queueState(ComfyClient.okJson(client.get("/queue")), promptId);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String stem(String file) {
        String name = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
        return name.replaceFirst("(?i)\\.(safetensors|ckpt|pt|pth|bin|sft|gguf)$", "");
    }

    private static String readable(Duration d) {
        if (d.toMinutes() >= 1 && d.toSecondsPart() == 0) {
            return d.toMinutes() + (d.toMinutes() == 1 ? " minute" : " minutes");
        }
        return d.toMillis() >= 1000 ? String.format(Locale.ROOT, "%d seconds", d.toSeconds()) : d.toMillis() + " ms";
    }
}
