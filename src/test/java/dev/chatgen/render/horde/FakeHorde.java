package dev.chatgen.render.horde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the AI Horde's API v2 on loopback, built from the Horde's source (horde/apis/v2, exceptions.py):
 * the same paths, field names, status codes and error bodies ({@code {"message", "rc"}}, flask-restx's
 * {@code {"errors", "message"}} for payload validation), and its rules: sizes in multiples of 64, known sampler
 * ids only, the {@code apikey} header required to submit, 401 for an unknown key, KudosUpfront (403) for anonymous
 * requests over 576x576 or 50 steps, a request for a model no worker serves is accepted but {@code is_possible}
 * false. A job goes through the states of {@link #checkScript} one check at a time; with {@code r2} the picture
 * comes as a link to this server (the real Horde links to Cloudflare R2), else as base64. Every request is recorded.
 */
final class FakeHorde implements AutoCloseable {
    static final String ANONYMOUS = "0000000000";
    static final String GOOD_KEY = "k3y-with-kudos";
    /** Samplers whose free step allowance is halved (KudosUpfront). */
    static final Set<String> HALF_STEP_SAMPLERS = Set.of("k_heun", "k_dpmpp_sde", "k_dpm_2", "k_dpm_2_a");
    static final Set<String> SAMPLERS = Set.of("k_lms", "k_heun", "k_euler", "k_euler_a", "k_dpm_2", "k_dpm_2_a",
            "k_dpm_fast", "k_dpm_adaptive", "k_dpmpp_2s_a", "k_dpmpp_2m", "dpmsolver", "k_dpmpp_sde", "DDIM");

    /** A request as the fake saw it; header names in lower case. */
    record Recorded(String method, String path, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A reply served instead of the normal one, for the next request to a path. */
    record Canned(int status, String body, Map<String, String> headers) {
        static Canned json(int status, String body) {
            return new Canned(status, body, Map.of("Content-Type", "application/json"));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    final List<Recorded> requests = new CopyOnWriteArrayList<>();
    final ConcurrentLinkedDeque<Canned> submitReplies = new ConcurrentLinkedDeque<>();
    final ConcurrentLinkedDeque<Canned> checkReplies = new ConcurrentLinkedDeque<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    /** The model list, as GET /v2/status/models answers it. */
    volatile String modelsJson = """
            [{"performance": 1016925.7, "queued": 4194304.0, "jobs": 2.0, "eta": 4, "type": "image", "name": "Deliberate", "count": 12},
             {"performance": 804288.0, "queued": 0.0, "jobs": 0.0, "eta": 0, "type": "image", "name": "Realistic Vision", "count": 5},
             {"performance": 917504.0, "queued": 1048576.0, "jobs": 1.0, "eta": 2, "type": "image", "name": "AbsoluteReality", "count": 7},
             {"performance": 2883584.0, "queued": 0.0, "jobs": 0.0, "eta": 0, "type": "image", "name": "SDXL 1.0", "count": 3},
             {"performance": 0.0, "queued": 0.0, "jobs": 0.0, "eta": 0, "type": "image", "name": "Anything Diffusion", "count": 0}]
            """;
    /** The states a job passes through, one per check; the last one repeats. */
    volatile List<String> checkScript = List.of("waiting", "processing", "done");
    volatile boolean faulted;
    volatile boolean censored;
    /** What the worker reports it ran; null means what was asked. */
    volatile String reportedModel;
    volatile String reportedSeed;
    volatile String workerName = "fake-worker-1";
    /** Base64 in the status JSON (the Horde's form without r2) even when the request asked for r2. */
    volatile boolean inlineImages;
    /** The finished picture's bytes; a PNG unless a test says otherwise. */
    volatile byte[] image;
    private final AtomicInteger checks = new AtomicInteger();

    private static final class Job {
        final String id;
        final JsonNode payload;
        final boolean possible;
        int step;
        volatile boolean cancelled;

        Job(String id, JsonNode payload, boolean possible) {
            this.id = id;
            this.payload = payload;
            this.possible = possible;
        }
    }

    FakeHorde() throws IOException {
        // Without TCP_NODELAY every small reply waits out the client's delayed ACK (~40 ms a request).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/api/v2/status/models", this::models);
        server.createContext("/api/v2/generate/async", this::submit);
        server.createContext("/api/v2/generate/check/", this::check);
        server.createContext("/api/v2/generate/status/", this::status);
        server.createContext("/r2/", this::download);
        image = png(64, 96, Color.ORANGE);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
    }

    List<Recorded> requests(String method, String pathPrefix) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix)).toList();
    }

    Recorded onlySubmit() {
        List<Recorded> submits = requests("POST", "/api/v2/generate/async");
        if (submits.size() != 1) {
            throw new AssertionError("expected one submission, got " + submits.size());
        }
        return submits.get(0);
    }

    int checks() {
        return checks.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    static byte[] png(int width, int height, Color colour) {
        return encode(width, height, colour, "png");
    }

    static byte[] encode(int width, int height, Color colour, String format) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, width, height);
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void models(HttpExchange ex) throws IOException {
        record(ex);
        reply(ex, 200, modelsJson);
    }

    private void submit(HttpExchange ex) throws IOException {
        Recorded r = record(ex);
        Canned canned = submitReplies.poll();
        if (canned != null) {
            reply(ex, canned);
            return;
        }
        String key = r.headers().get("apikey");
        if (key == null) {
            reply(ex, 400, "{\"errors\": {\"apikey\": \"A User API key. Missing required parameter in the HTTP headers\"}, "
                    + "\"message\": \"Input payload validation failed\"}");
            return;
        }
        if (!key.equals(ANONYMOUS) && !key.equals(GOOD_KEY)) {
            reply(ex, 401, "{\"message\": \"No user matching sent API Key. Have you remembered to register at "
                    + "https://stablehorde.net/register ?\", \"rc\": \"InvalidAPIKey\"}");
            return;
        }
        JsonNode payload = r.json();
        ObjectNode errors = validate(payload);
        if (!errors.isEmpty()) {
            ObjectNode body = JSON.createObjectNode();
            body.set("errors", errors);
            body.put("message", "Input payload validation failed");
            reply(ex, 400, body.toString());
            return;
        }
        JsonNode params = payload.path("params");
        int width = params.path("width").asInt(512);
        int height = params.path("height").asInt(512);
        int steps = params.path("steps").asInt(30);
        String sampler = params.path("sampler_name").asText("k_euler_a");
        int freeSteps = HALF_STEP_SAMPLERS.contains(sampler) ? 25 : 50;
        if (key.equals(ANONYMOUS) && (width * height > 576 * 576 || steps > freeSteps)) {
            reply(ex, 403, "{\"message\": \"Due to heavy demand, for requests over 576x576 or over 50 steps (10 steps "
                    + "for LCM work, 30 steps for Stable Cascade, and half those steps for k_heun, dpmpp_sde, and dpm_2*) "
                    + "the client needs to already have the required kudos. This request requires 47.0 kudos to fulfil.\", "
                    + "\"rc\": \"KudosUpfront\"}");
            return;
        }
        String model = payload.path("models").path(0).asText("stable_diffusion");
        boolean served = modelsWithWorkers().contains(model);
        Job job = new Job(UUID.randomUUID().toString(), payload, served);
        jobs.put(job.id, job);
        String message = served ? "" : "Warning: No available workers can fulfill this request. It will expire in 20 minutes.";
        reply(ex, 202, "{\"id\": \"" + job.id + "\", \"kudos\": 13.0, \"message\": \"" + message + "\"}");
    }

    private ObjectNode validate(JsonNode payload) {
        ObjectNode errors = JSON.createObjectNode();
        if (payload.path("prompt").asText("").isEmpty()) {
            errors.put("prompt", "'' is too short");
        }
        JsonNode params = payload.path("params");
        for (String side : List.of("width", "height")) {
            int value = params.path(side).asInt(512);
            if (value % 64 != 0) {
                errors.put("params." + side, value + " is not a multiple of 64");
            } else if (value < 64 || value > 3072) {
                errors.put("params." + side, value + " is out of range");
            }
        }
        String sampler = params.path("sampler_name").asText("k_euler_a");
        if (!SAMPLERS.contains(sampler)) {
            errors.put("params.sampler_name", "'" + sampler + "' is not one of " + SAMPLERS);
        }
        double cfg = params.path("cfg_scale").asDouble(7.5);
        if (Math.round(cfg * 100) / 100.0 != cfg) {
            errors.put("params.cfg_scale", "cfg_scale must be rounded to 2 decimal places");
        }
        if (!params.path("seed").isMissingNode() && !params.path("seed").isTextual()) {
            errors.put("params.seed", params.path("seed") + " is not of type 'string'");
        }
        int steps = params.path("steps").asInt(30);
        if (steps < 1 || steps > 500) {
            errors.put("params.steps", steps + " is out of range");
        }
        return errors;
    }

    private List<String> modelsWithWorkers() {
        try {
            return java.util.stream.StreamSupport.stream(JSON.readTree(modelsJson).spliterator(), false)
                    .filter(m -> m.path("count").asInt() > 0).map(m -> m.path("name").asText()).toList();
        } catch (IOException e) {
            return List.of(); // a test serving a broken model list
        }
    }

    private void check(HttpExchange ex) throws IOException {
        record(ex);
        checks.incrementAndGet();
        Canned canned = checkReplies.poll();
        if (canned != null) {
            reply(ex, canned);
            return;
        }
        Job job = job(ex, "/api/v2/generate/check/");
        if (job == null) {
            return;
        }
        String state;
        synchronized (job) {
            state = checkScript.get(Math.min(job.step, checkScript.size() - 1));
            job.step++;
        }
        reply(ex, 200, statusOf(job, state, false).toString());
    }

    private void status(HttpExchange ex) throws IOException {
        record(ex);
        Job job = job(ex, "/api/v2/generate/status/");
        if (job == null) {
            return;
        }
        if (ex.getRequestMethod().equals("DELETE")) {
            job.cancelled = true;
            reply(ex, 200, statusOf(job, "cancelled", true).toString());
            return;
        }
        reply(ex, 200, statusOf(job, job.step >= checkScript.size() ? "done" : "processing", true).toString());
    }

    private void download(HttpExchange ex) throws IOException {
        record(ex);
        byte[] bytes = image;
        ex.getResponseHeaders().add("Content-Type", "image/webp"); // what R2 says, whatever the bytes
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private Job job(HttpExchange ex, String prefix) throws IOException {
        String id = ex.getRequestURI().getPath().substring(prefix.length());
        Job job = jobs.get(id);
        if (job == null) {
            reply(ex, 404, "{\"message\": \"Waiting Prompt with ID '" + id + "' not found.\", \"rc\": \"RequestNotFound\"}");
        }
        return job;
    }

    private ObjectNode statusOf(Job job, String state, boolean full) {
        boolean done = state.equals("done") || state.equals("cancelled");
        ObjectNode s = JSON.createObjectNode();
        s.put("finished", state.equals("done") ? 1 : 0);
        s.put("processing", state.equals("processing") ? 1 : 0);
        s.put("restarted", 0);
        s.put("waiting", state.equals("waiting") ? 1 : 0);
        s.put("done", done && !faulted);
        s.put("faulted", faulted);
        s.put("wait_time", state.equals("waiting") ? 12 : state.equals("processing") ? 4 : 0);
        s.put("queue_position", state.equals("waiting") ? 3 : 0);
        s.put("kudos", done ? 13.0 : 0.0);
        s.put("is_possible", job.possible);
        if (full) {
            ArrayNode generations = s.putArray("generations");
            if (state.equals("done")) {
                JsonNode params = job.payload.path("params");
                boolean r2 = job.payload.path("r2").asBoolean(true) && !inlineImages;
                ObjectNode g = generations.addObject();
                g.put("img", r2 ? "http://127.0.0.1:" + server.getAddress().getPort() + "/r2/" + job.id + ".webp"
                        : Base64.getEncoder().encodeToString(image));
                g.put("seed", reportedSeed != null ? reportedSeed : params.path("seed").asText("3120513459"));
                g.put("id", UUID.randomUUID().toString());
                g.put("censored", censored);
                g.put("worker_id", "9c0b7a1e-3c3e-4a3b-8c55-5f6c2a1d0e11");
                g.put("worker_name", workerName);
                g.put("model", reportedModel != null ? reportedModel : job.payload.path("models").path(0).asText());
                g.put("state", censored ? "censored" : "ok");
                ArrayNode meta = g.putArray("gen_metadata");
                if (censored) {
                    meta.addObject().put("type", "censorship").put("value", "nsfw");
                }
            }
            s.put("shared", false);
        }
        return s;
    }

    private Recorded record(HttpExchange ex) throws IOException {
        Map<String, String> headers = new ConcurrentHashMap<>();
        ex.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
        Recorded r = new Recorded(ex.getRequestMethod(), path, headers, body);
        requests.add(r);
        return r;
    }

    private static void reply(HttpExchange ex, Canned canned) throws IOException {
        canned.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        send(ex, canned.status(), canned.body());
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/json");
        send(ex, status, json);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }
}
