package dev.chatgen.render.a1111;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.render.BackendUnavailableException;
import dev.chatgen.render.ImageBackend;
import dev.chatgen.render.InstalledModels;
import dev.chatgen.render.RenderFailedException;
import dev.chatgen.render.RenderProgress;
import dev.chatgen.render.RenderRequest;
import dev.chatgen.render.RenderedImage;
import dev.chatgen.render.png.ImageReadException;
import dev.chatgen.render.png.PngChunks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * An AUTOMATIC1111 (or Forge) web UI started with {@code --api}, optionally {@code --api-auth user:password}.
 *
 * <p>Decisions worth knowing:
 * <ul>
 *   <li>The checkpoint goes in {@code override_settings} by its title and stays loaded afterwards
 *       ({@code override_settings_restore_afterwards: false}), so {@link #loadedCheckpoint()} can tell the queue.</li>
 *   <li>A1111 silently keeps the current model when the requested one is unknown; the reply's
 *       {@code sd_model_name}/{@code sd_model_hash} are compared with the checkpoint asked for and a mismatch
 *       fails the job rather than delivering a picture of the wrong model.</li>
 *   <li>A sampler the server lacks does not fail the job: the nearest one it has is used and {@code Ran.notes} says so
 *       (see {@link A1111Samplers}).</li>
 *   <li>Wrong credentials (401) and a server without {@code --api} are configuration errors: they throw
 *       {@link BackendUnavailableException} naming the setting, so the queue pauses instead of burning jobs.</li>
 *   <li>Installed models and samplers are cached for a minute, and forgotten as soon as the server is unreachable,
 *       so {@link #installedModels()} as a health check asks the server again after any outage.</li>
 *   <li>{@link #cancel()} posts {@code /sdapi/v1/interrupt} only while our own render request is out; the server then
 *       answers with a partial picture, which is dropped ({@code RenderFailedException("cancelled")}).</li>
 *   <li>A render that outlasts {@code requestTimeout} is reported unavailable; the server may still finish it
 *       (A1111 cannot cancel one HTTP request), so set the timeout well above the slowest expected render.</li>
 * </ul>
 */
public final class A1111Backend implements ImageBackend {
    private static final Logger log = LoggerFactory.getLogger(A1111Backend.class);
    private static final Duration DISCOVERY_TTL = Duration.ofSeconds(60);
    private static final Duration SHORT_CALL = Duration.ofSeconds(5);
    // Listing models is quick even while a render runs; a health check should not hang for a render's timeout.
    private static final Duration DISCOVERY_CALL = Duration.ofSeconds(30);
    private static final String PROGRESS = "/sdapi/v1/progress?skip_current_image=true";
    private static final String INTERRUPT = "/sdapi/v1/interrupt";

    private final A1111Client client;
    private final A1111Replies replies;
    private final Duration pollEvery;
    private final Duration shortCall;
    private final Duration discoveryCall;
    private final Expiring<A1111Inventory> inventory;
    private final Expiring<A1111Samplers> samplers;
    private final AtomicReference<String> loaded = new AtomicReference<>();
    private final AtomicReference<InFlight> inFlight = new AtomicReference<>();

    /**
     * The render in progress: cancel() flags it, so its reply (A1111's partial picture) is not delivered, and
     * interrupts the server only once our POST is out, so a cancel during discovery stops no one else's job.
     */
    private static final class InFlight {
        final AtomicBoolean cancelled = new AtomicBoolean();
        final AtomicBoolean interruptSent = new AtomicBoolean();
        volatile boolean posted;
    }

    /**
     * @param auth           "" or "user:password" as given to {@code --api-auth}, sent as HTTP basic auth
     * @param requestTimeout the longest any one request may take, a whole render included
     * @param pollEvery      how often progress is asked for while a render runs
     */
    public A1111Backend(URI baseUrl, String auth, HttpClient http, Duration requestTimeout, Duration pollEvery) {
        this.client = new A1111Client(baseUrl, auth, http, requestTimeout);
        this.replies = new A1111Replies(client.base());
        this.pollEvery = Objects.requireNonNull(pollEvery, "pollEvery");
        if (pollEvery.isNegative() || pollEvery.isZero()) {
            throw new IllegalArgumentException("pollEvery must be positive");
        }
        this.shortCall = shorter(requestTimeout, SHORT_CALL);
        this.discoveryCall = shorter(requestTimeout, DISCOVERY_CALL);
        this.inventory = new Expiring<>(this::fetchInventory, DISCOVERY_TTL);
        this.samplers = new Expiring<>(this::fetchSamplers, DISCOVERY_TTL);
    }

    @Override
    public String name() {
        return "a1111";
    }

    @Override
    public Optional<String> loadedCheckpoint() {
        return Optional.ofNullable(loaded.get());
    }

    @Override
    public InstalledModels installedModels() {
        return discover(inventory::get).installed();
    }

    @Override
    public void cancel() {
        InFlight flight = inFlight.get();
        if (flight == null || !flight.cancelled.compareAndSet(false, true)) {
            return; // nothing of ours is running: never interrupt another client's job
        }
        if (flight.posted) {
            interrupt(flight);
        }
    }

    private void interrupt(InFlight flight) {
        if (!flight.interruptSent.compareAndSet(false, true)) {
            return;
        }
        try {
            A1111Client.Reply reply = client.post(INTERRUPT, "{}", shortCall);
            log.info("a1111 cancel: POST {}{} answered HTTP {}", client.base(), INTERRUPT, reply.status());
        } catch (BackendUnavailableException e) {
            log.warn("a1111 cancel: could not interrupt {}: {}", client.base(), e.getMessage());
        }
    }

    @Override
    public RenderedImage render(RenderRequest request, RenderProgress progress) {
        long started = System.nanoTime();
        GenerationPlan plan = request.plan();
        InFlight flight = new InFlight();
        inFlight.set(flight);
        try {
            A1111Inventory.Checkpoint checkpoint = checkpointFor(plan);
            LoraPromptRewriter.Rewritten prompt = LoraPromptRewriter.rewrite(plan.prompt(), plan.loras(), discover(inventory::get));
            SamplerChoice sampler = discover(samplers::get).choose(plan.args().sampler());
            String taskId = "task(chatgen-" + UUID.randomUUID() + ")";
            String path = A1111Payload.path(request.reference());
            String body = A1111Payload.build(plan, prompt.prompt(), request.seed(), sampler, checkpoint.title(), request.reference(), taskId).toString();
            String size = plan.args().width() + "x" + plan.args().height();
            if (flight.cancelled.get()) {
                throw cancelled(plan, request.seed());
            }
            progress.percent(0);
            flight.posted = true;
            CompletableFuture<A1111Client.Reply> pending = client.postAsync(path, body);
            if (flight.cancelled.get()) {
                interrupt(flight); // cancel() came between the check above and the POST
            }
            A1111Client.Reply reply;
            try {
                reply = awaitWithProgress(pending, path, taskId, progress);
            } catch (BackendUnavailableException e) {
                if (flight.cancelled.get()) {
                    throw cancelled(plan, request.seed()); // the person stopped it: do not put it back in the queue
                }
                throw e;
            }
            if (flight.cancelled.get()) {
                throw cancelled(plan, request.seed());
            }
            JsonNode answer = discover(() -> replies.render(reply, size));
            RenderedImage image = deliver(plan, request.seed(), checkpoint, prompt, sampler, answer, System.nanoTime() - started);
            progress.percent(100);
            log.info("a1111 render {} seed {} at {}: {} in {} ms", plan.checkpoint().id(), request.seed(), client.base(),
                    image.ran().notes().isEmpty() ? "as planned" : image.ran().notes(), image.took().toMillis());
            return image;
        } finally {
            inFlight.compareAndSet(flight, null);
        }
    }

    private static RenderFailedException cancelled(GenerationPlan plan, long seed) {
        log.info("a1111 render {} seed {}: cancelled", plan.checkpoint().id(), seed);
        return new RenderFailedException("cancelled", null);
    }

    private A1111Inventory.Checkpoint checkpointFor(GenerationPlan plan) {
        Optional<A1111Inventory.Checkpoint> found = discover(inventory::get).checkpointFor(plan.checkpoint());
        if (found.isEmpty()) {
            // installed since the last look? ask once more before refusing
            found = discover(inventory::fresh).checkpointFor(plan.checkpoint());
        }
        return found.orElseThrow(() -> new RenderFailedException("The checkpoint " + plan.checkpoint().name()
                + " (" + plan.checkpoint().id() + ") is not installed on the AUTOMATIC1111 server, so this picture cannot be made there.", null));
    }

    private A1111Client.Reply awaitWithProgress(CompletableFuture<A1111Client.Reply> pending, String path, String taskId, RenderProgress progress) {
        int shown = 0;
        while (true) {
            try {
                return pending.get(pollEvery.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException stillRunning) {
                int percent = pollProgress(taskId);
                if (percent > shown) {
                    shown = percent;
                    progress.percent(percent);
                }
            } catch (ExecutionException e) {
                inventory.forget();
                samplers.forget();
                throw client.unreachable(path, e.getCause());
            } catch (InterruptedException e) {
                pending.cancel(true);
                Thread.currentThread().interrupt();
                throw new BackendUnavailableException("interrupted while the AUTOMATIC1111 server at " + client.base() + " was rendering", e);
            }
        }
    }

    /** 0..99 from {@code progress}, or 0 when it is not ours or cannot be read: progress is a nicety, never a failure. */
    private int pollProgress(String taskId) {
        try {
            A1111Client.Reply reply = client.get(PROGRESS, shortCall);
            if (reply.status() != 200) {
                return 0;
            }
            JsonNode p = A1111Replies.json(reply.body());
            JsonNode task = p.path("current_task");
            if (task.isTextual() && !task.asText().equals(taskId)) {
                return 0; // the server is still busy with someone else's job, ours is queued
            }
            double fraction = p.path("progress").asDouble(0);
            return (int) Math.max(0, Math.min(99, Math.floor(fraction * 100)));
        } catch (RuntimeException e) {
            log.debug("a1111 progress poll at {} failed: {}", client.base(), e.getMessage());
            return 0;
        }
    }

    private RenderedImage deliver(GenerationPlan plan, long seed, A1111Inventory.Checkpoint checkpoint,
                                  LoraPromptRewriter.Rewritten prompt, SamplerChoice sampler, JsonNode answer, long tookNanos) {
        JsonNode images = answer.path("images");
        if (!images.isArray() || images.isEmpty() || !images.get(0).isTextual()) {
            throw new RenderFailedException("the AUTOMATIC1111 server finished without sending a picture", null);
        }
        A1111GenerationInfo info = A1111GenerationInfo.parse(answer.path("info"));
        List<String> notes = new ArrayList<>();
        switch (checkpoint.ranAs(info.sdModelName(), info.sdModelHash())) {
            case DIFFERENT -> {
                loaded.set(null);
                inventory.forget();
                String ran = info.sdModelName() + (info.sdModelHash().isBlank() ? "" : " [" + info.sdModelHash() + "]");
                log.warn("a1111 at {} ran {} instead of {}: picture dropped", client.base(), ran, checkpoint.title());
                throw new RenderFailedException("The AUTOMATIC1111 server drew this with " + ran + " instead of " + plan.checkpoint().name()
                        + " (" + checkpoint.title() + "), so the picture was not sent; the server may have lost that checkpoint.", null);
            }
            case UNKNOWN -> notes.add("the server did not say which checkpoint it used");
            case SAME -> { }
        }
        loaded.set(plan.checkpoint().id());
        sampler.note().ifPresent(notes::add);
        long ranSeed = info.seed().orElse(seed);
        if (ranSeed != seed) {
            notes.add("the server used seed " + ranSeed + " instead of " + seed);
        }
        ReturnedPicture picture = ReturnedPicture.decode(images.get(0).asText());
        byte[] png;
        try {
            png = PngChunks.withText(picture.png(), "parameters", RanInfotext.of(plan, seed, prompt.prompt(), sampler, info));
        } catch (ImageReadException e) {
            throw new RenderFailedException("the AUTOMATIC1111 server sent a damaged picture", e);
        }
        String ranSampler = info.samplerName().isBlank() || info.samplerName().equals(sampler.samplerName())
                ? sampler.display() : info.samplerName();
        RenderedImage.Ran ran = new RenderedImage.Ran(checkpoint.title(), ranSampler, ranSeed, prompt.loras(), notes);
        return new RenderedImage(png, picture.width(), picture.height(), ran, Duration.ofNanos(tookNanos));
    }

    private A1111Inventory fetchInventory() {
        JsonNode models = replies.discovery(client.get("/sdapi/v1/sd-models", discoveryCall));
        A1111Client.Reply loras = client.get("/sdapi/v1/loras", discoveryCall);
        // the Lora extension can be disabled: no /loras then means no LoRAs, not a broken server
        JsonNode loraList = loras.status() == 404 ? JsonNodeFactory.instance.arrayNode() : replies.discovery(loras);
        A1111Inventory found = A1111Inventory.parse(models, loraList);
        log.info("a1111 at {}: {} checkpoints, {} LoRAs", client.base(), found.checkpoints().size(), found.loras().size());
        return found;
    }

    private A1111Samplers fetchSamplers() {
        JsonNode samplerList = replies.discovery(client.get("/sdapi/v1/samplers", discoveryCall));
        A1111Client.Reply schedulers = client.get("/sdapi/v1/schedulers", discoveryCall);
        Optional<JsonNode> schedulerList = schedulers.status() == 404 ? Optional.empty() : Optional.of(replies.discovery(schedulers));
        A1111Samplers found = A1111Samplers.parse(samplerList, schedulerList);
        log.info("a1111 at {}: {}", client.base(), found);
        return found;
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    /** Runs a step that talks to the server; an unreachable server also drops what was cached about it. */
    private <T> T discover(Supplier<T> step) {
        try {
            return step.get();
        } catch (BackendUnavailableException e) {
            inventory.forget();
            samplers.forget();
            throw e;
        }
    }
}
