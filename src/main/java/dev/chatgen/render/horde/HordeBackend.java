package dev.chatgen.render.horde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.config.HordeConfig;
import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.render.BackendUnavailableException;
import dev.chatgen.render.ImageBackend;
import dev.chatgen.render.InstalledModels;
import dev.chatgen.render.PlanInfotext;
import dev.chatgen.render.RenderFailedException;
import dev.chatgen.render.RenderProgress;
import dev.chatgen.render.RenderRequest;
import dev.chatgen.render.RenderedImage;
import dev.chatgen.render.png.A1111Infotext;
import dev.chatgen.render.png.ImageReadException;
import dev.chatgen.render.png.PngChunks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;

/**
 * The AI Horde (aihorde.net API v2): submit the plan, poll until a volunteer worker has drawn it, download the
 * picture, and stamp it with the A1111 infotext of what the worker really ran. See the package documentation
 * for how models, LoRAs and WEBP are handled.
 */
public final class HordeBackend implements ImageBackend {
    private static final Logger LOG = LoggerFactory.getLogger(HordeBackend.class);

    private static final String MODELS = "/v2/status/models?type=image";
    private static final String SUBMIT = "/v2/generate/async";
    private static final String CHECK = "/v2/generate/check/";
    private static final String STATUS = "/v2/generate/status/";
    /** How long render() trusts the last model list: workers come and go by the minute. */
    private static final Duration MODEL_LIST_MAX_AGE = Duration.ofMinutes(2);

    private final HordeHttp http;
    private final boolean anonymous;
    private final Duration pollEvery;
    private final Duration renderTimeout;
    private final List<String> acceptedLoras;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicReference<InFlightRequest> inFlight = new AtomicReference<>();
    private volatile ModelList models;

    private record ModelList(InstalledModels installed, long fetchedAtNanos) {
    }

    /**
     * @param baseUrl       the API root: https://aihorde.net/api in production
     * @param apiKey        sent as the {@code apikey} header; "0000000000" renders anonymously
     * @param clientAgent   sent as {@code Client-Agent}, "name:version:contact" as the Horde asks
     * @param pollEvery     time between two status checks (the Horde asks clients not to poll faster than 1 s)
     * @param renderTimeout the longest a render may take, queue included; then the request is withdrawn
     */
    public HordeBackend(URI baseUrl, String apiKey, String clientAgent, HttpClient http, Duration requestTimeout,
                        Duration pollEvery, Duration renderTimeout) {
        this(baseUrl, apiKey, clientAgent, http, requestTimeout, pollEvery, renderTimeout, List.of());
    }

    /**
     * @param catalogLoras the catalog's LoRAs: the Horde fetches any Civitai LoRA on demand, so all of them are
     *                     reported as installed (by catalog name, which is what the request sends)
     */
    public HordeBackend(URI baseUrl, String apiKey, String clientAgent, HttpClient http, Duration requestTimeout,
                        Duration pollEvery, Duration renderTimeout, List<T2IModel> catalogLoras) {
        Objects.requireNonNull(apiKey, "apiKey");
        this.http = new HordeHttp(baseUrl, apiKey, clientAgent, http, requestTimeout, json);
        this.anonymous = HordeConfig.ANONYMOUS_KEY.equals(apiKey);
        this.pollEvery = pollEvery;
        this.renderTimeout = renderTimeout;
        this.acceptedLoras = catalogLoras.stream().filter(T2IModel::isLora).map(T2IModel::name).toList();
    }

    @Override
    public String name() {
        return "horde";
    }

    /** Always empty: any worker serving a model runs it, so no model is "loaded" in a way the queue can use. */
    @Override
    public Optional<String> loadedCheckpoint() {
        return Optional.empty();
    }

    /**
     * The image models at least one worker serves now ({@code count > 0}), by the Horde's names. The model list
     * needs no API key, so this checks that the Horde answers, not that the key is good.
     */
    @Override
    public InstalledModels installedModels() {
        JsonNode list;
        try {
            list = http.get(MODELS);
        } catch (HordeApiError e) {
            if (e.status() == 401) {
                throw HordeErrors.badKey(e);
            }
            throw new BackendUnavailableException("The AI Horde's model list is unavailable: " + e.getMessage(), e);
        }
        if (!list.isArray()) {
            throw new BackendUnavailableException("The AI Horde's model list is not a JSON array: " + list, null);
        }
        List<String> names = StreamSupport.stream(list.spliterator(), false)
                .filter(m -> m.path("count").asInt(0) > 0)
                .filter(m -> m.path("type").asText("image").equals("image"))
                .map(m -> m.path("name").asText(""))
                .filter(name -> !name.isBlank())
                .toList();
        InstalledModels installed = InstalledModels.of(names, acceptedLoras);
        models = new ModelList(installed, System.nanoTime());
        LOG.debug("AI Horde at {} serves {} image models", http.base(), names.size());
        return installed;
    }

    @Override
    public RenderedImage render(RenderRequest request, RenderProgress progress) {
        long started = System.nanoTime();
        long deadline = started + renderTimeout.toNanos();
        InFlightRequest job = new InFlightRequest();
        inFlight.set(job);
        try {
            GenerationPlan plan = request.plan();
            List<String> notes = new ArrayList<>();
            String hordeModel = hordeModelFor(plan.checkpoint(), notes);
            HordeSubmission submission = HordeSubmission.of(request, hordeModel, json);
            notes.addAll(submission.notes());
            progress.percent(0);
            String id = submit(submission, deadline, job);
            awaitDone(id, submission, deadline, job, progress);
            HordeGeneration generation = result(id, submission);
            HordeImages.Png png = HordeImages.toPng(imageOf(generation, submission));
            RenderedImage image = finish(request, submission, generation, png, notes, started);
            progress.percent(100);
            LOG.info("Horde request {} done by worker {} ({}): {} seed {} {}x{} in {} ms", id, generation.workerName(),
                    generation.workerId(), image.ran().checkpoint(), image.ran().seed(), image.width(), image.height(),
                    image.took().toMillis());
            return image;
        } finally {
            inFlight.compareAndSet(job, null);
        }
    }

    /** Withdraws the request in flight ({@code DELETE /v2/generate/status/{id}}); the render then fails. */
    @Override
    public void cancel() {
        InFlightRequest job = inFlight.get();
        if (job == null) {
            return;
        }
        job.cancel();
        job.id().filter(id -> job.claimWithdrawal()).ifPresent(this::withdraw);
    }

    private String hordeModelFor(T2IModel checkpoint, List<String> notes) {
        ModelList known = models;
        if (known == null || System.nanoTime() - known.fetchedAtNanos() > MODEL_LIST_MAX_AGE.toNanos()) {
            installedModels();
            known = models;
        }
        String name = known.installed().nameOf(checkpoint).orElseThrow(() -> new RenderFailedException(
                "No AI Horde worker offers " + checkpoint.name() + " right now; try another model, or later.", null));
        String loose = InstalledModels.loose(name);
        boolean exact = loose.equals(InstalledModels.loose(checkpoint.id()))
                || loose.equals(InstalledModels.loose(checkpoint.name() + checkpoint.version()));
        if (!exact && !checkpoint.version().isBlank()) {
            notes.add("The Horde's \"" + name + "\" ran; it may be another version than " + checkpoint.name() + " "
                    + checkpoint.version() + ".");
        }
        return name;
    }

    private String submit(HordeSubmission submission, long deadline, InFlightRequest job) {
        while (true) {
            try {
                JsonNode answer = http.post(SUBMIT, submission.body());
                String id = answer.path("id").asText("");
                if (id.isEmpty()) {
                    throw failure(new HordeApiError(SUBMIT, 202, "", "no request id in " + answer, Map.of(),
                            Optional.empty(), true), submission);
                }
                job.started(id);
                LOG.info("Horde request {} queued: {} {}x{}, {} kudos{}", id, submission.model(), submission.width(),
                        submission.height(), answer.path("kudos").asText("?"),
                        answer.path("message").asText("").isBlank() ? "" : ", " + answer.path("message").asText());
                if (job.isCancelled()) {
                    throw cancelled(job, id);
                }
                return id;
            } catch (HordeApiError e) {
                if (e.status() != 429) {
                    throw failure(e, submission);
                }
                Duration wait = retryWait(e);
                if (System.nanoTime() + wait.toNanos() >= deadline) {
                    throw HordeErrors.busy(e); // no point waiting only to run out of time
                }
                LOG.info("AI Horde answered 429 {} to {}: retrying in {} ms", e.rc(), SUBMIT, wait.toMillis());
                if (job.waitOrCancelled(wait)) {
                    throw new RenderFailedException("The picture was cancelled.", null);
                }
            }
        }
    }

    private void awaitDone(String id, HordeSubmission submission, long deadline, InFlightRequest job, RenderProgress progress) {
        int reported = 0;
        HordeCheck last = null;
        Duration wait = pollEvery;
        while (true) {
            long left = deadline - System.nanoTime();
            if (job.waitOrCancelled(min(wait, Duration.ofNanos(Math.max(0, left))))) {
                throw cancelled(job, id);
            }
            wait = pollEvery;
            try {
                last = HordeCheck.from(http.get(CHECK + id));
            } catch (HordeApiError e) {
                if (e.status() != 429) {
                    throw failure(e, submission);
                }
                // The check endpoint is rate limited too; waiting a round longer is all it takes.
                wait = retryWait(e);
            } catch (IllegalArgumentException e) {
                throw failure(new HordeApiError(CHECK + id, 200, "", e.getMessage(), Map.of(), Optional.empty(), true), submission);
            }
            if (last != null) {
                if (last.faulted()) {
                    throw new RenderFailedException("The AI Horde could not make this picture (the request faulted on its "
                            + "side); try again.", null);
                }
                if (!last.isPossible()) {
                    withdrawOnce(job, id);
                    throw new RenderFailedException("No AI Horde worker can run " + submission.model() + " at "
                            + submission.width() + "x" + submission.height() + " right now; try a smaller size, another "
                            + "model, or later.", null);
                }
                if (last.done()) {
                    return;
                }
                if (last.percent() != reported) {
                    reported = last.percent();
                    progress.percent(reported);
                }
            }
            if (System.nanoTime() >= deadline) {
                withdrawOnce(job, id);
                String where = last == null ? "" : last.processing() > 0 ? " (a worker was still drawing it)"
                        : " (it was still waiting at queue position " + last.queuePosition() + ")";
                throw new RenderFailedException("The AI Horde did not finish this picture within " + describe(renderTimeout)
                        + where + ", so the request was withdrawn; try again later, or with a smaller size or fewer steps.", null);
            }
        }
    }

    private HordeGeneration result(String id, HordeSubmission submission) {
        Optional<HordeGeneration> generation;
        try {
            generation = HordeGeneration.firstOf(http.get(STATUS + id));
        } catch (HordeApiError e) {
            throw failure(e, submission);
        } catch (IllegalArgumentException e) {
            throw failure(new HordeApiError(STATUS + id, 200, "", e.getMessage(), Map.of(), Optional.empty(), true), submission);
        }
        HordeGeneration g = generation.orElseThrow(() -> new RenderFailedException(
                "The AI Horde finished the request without a picture; try again.", null));
        if (g.censored()) {
            throw new RenderFailedException("The Horde's safety filter blocked this picture; try wording the request differently.", null);
        }
        return g;
    }

    private byte[] imageOf(HordeGeneration generation, HordeSubmission submission) {
        try {
            return generation.isLink() ? http.download(URI.create(generation.img())) : Base64.getDecoder().decode(generation.img());
        } catch (HordeApiError e) {
            throw failure(e, submission);
        } catch (IllegalArgumentException e) {
            throw failure(new HordeApiError(STATUS, 200, "", "unreadable img: " + e.getMessage(), Map.of(), Optional.empty(), true), submission);
        }
    }

    private RenderedImage finish(RenderRequest request, HordeSubmission submission, HordeGeneration generation,
                                 HordeImages.Png png, List<String> notes, long started) {
        String model = generation.model().orElse(submission.model());
        if (!InstalledModels.loose(model).equals(InstalledModels.loose(submission.model()))) {
            notes.add("The Horde ran " + model + " instead of " + submission.model() + ".");
        }
        long seed = request.seed();
        if (generation.seed().isPresent()) {
            try {
                long ran = Long.parseLong(generation.seed().get().strip());
                if (ran != seed) {
                    notes.add("The Horde ran seed " + ran + " instead of " + seed + ".");
                    seed = ran;
                }
            } catch (NumberFormatException e) {
                notes.add("The Horde reports the seed as \"" + generation.seed().get() + "\".");
            }
        }
        A1111Infotext planned = PlanInfotext.of(request.plan(), seed);
        Map<String, String> params = new LinkedHashMap<>(planned.params());
        params.put("Sampler", submission.sampler().a1111Name());
        params.put("Size", png.width() + "x" + png.height());
        params.put("Model", model);
        if (submission.img2img()) {
            params.put("Denoising strength", String.valueOf(HordeSubmission.DENOISING_STRENGTH));
        }
        if (!generation.workerName().isBlank()) {
            params.put("Horde worker", generation.workerName());
        }
        String infotext = new A1111Infotext(planned.prompt(), planned.negativePrompt(), params).format();
        byte[] stamped;
        try {
            stamped = PngChunks.withText(png.bytes(), "parameters", infotext);
        } catch (ImageReadException e) {
            throw new RenderFailedException("The AI Horde sent a damaged picture; try again.", e);
        }
        RenderedImage.Ran ran = new RenderedImage.Ran(model, submission.sampler().label(), seed, submission.loras(), notes);
        return new RenderedImage(stamped, png.width(), png.height(), ran, Duration.ofNanos(System.nanoTime() - started));
    }

    private RuntimeException failure(HordeApiError e, HordeSubmission submission) {
        LOG.warn("AI Horde refused: {}", e.getMessage());
        return HordeErrors.of(e, anonymous, submission);
    }

    private RenderFailedException cancelled(InFlightRequest job, String id) {
        withdrawOnce(job, id);
        return new RenderFailedException("The picture was cancelled.", null);
    }

    private void withdrawOnce(InFlightRequest job, String id) {
        if (job.claimWithdrawal()) {
            withdraw(id);
        }
    }

    /** Best effort: a request left behind only holds one of the account's parallel slots until it expires. */
    private void withdraw(String id) {
        try {
            http.delete(STATUS + id);
            LOG.info("Horde request {} withdrawn", id);
        } catch (RuntimeException e) {
            LOG.warn("Horde request {} could not be withdrawn: {}", id, e.getMessage());
        }
    }

    /** The Horde's Retry-After when it asks for longer than our own poll interval. */
    private Duration retryWait(HordeApiError e) {
        return e.retryAfter().filter(r -> r.compareTo(pollEvery) > 0).orElse(pollEvery);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String describe(Duration d) {
        long seconds = Math.max(1, Math.round(d.toMillis() / 1000.0));
        return seconds < 120 ? seconds + (seconds == 1 ? " second" : " seconds") : (seconds / 60) + " minutes";
    }
}
