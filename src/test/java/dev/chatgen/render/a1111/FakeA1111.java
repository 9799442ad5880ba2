package dev.chatgen.render.a1111;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
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
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An AUTOMATIC1111 web UI API on loopback that behaves like the real one where the backend depends on it:
 * the same {@code /sdapi/v1} paths, field names and JSON shapes, its error bodies
 * ({@code {"error","detail","body","errors"}} from its exception handler, FastAPI's {@code {"detail":"Not Found"}}
 * and 422 {@code {"detail":[{"loc","msg","type"}]}}), {@code --api-auth} basic auth, and its quirks: {@code info}
 * is a JSON string inside the JSON reply; an unknown {@code sd_model_checkpoint} override is dropped silently and
 * the current model is used; {@code /schedulers} is a 404 before 1.9, where samplers carry the schedule in their
 * name; an interrupted render still answers 200 with the partial picture. It records every request it gets.
 */
public final class FakeA1111 implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A web UI release line: 1.10 lists schedulers and splits them off sampler names; 1.6 does neither. */
    public enum Version { V1_10, V1_6 }

    public record Recorded(String method, String path, String query, String authorization, JsonNode body) {
    }

    record Checkpoint(String title, String modelName, String hash, String filename) {
        String stem() {
            String base = filename.substring(filename.lastIndexOf('/') + 1);
            return base.substring(0, base.lastIndexOf('.'));
        }
    }

    private record Canned(int status, String contentType, String body) {
    }

    private final Version version;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final List<Checkpoint> checkpoints = new CopyOnWriteArrayList<>();
    private final Map<String, String> loras = new LinkedHashMap<>();
    private final Set<String> filesGone = new HashSet<>();

    private volatile String auth = "";
    private volatile Checkpoint current;
    private volatile Duration stepDelay = Duration.ZERO;
    private volatile Duration replyDelay = Duration.ZERO;
    private volatile Canned cannedRender;
    private volatile Canned cannedDiscovery;
    private volatile boolean infotexts = true;
    private volatile boolean loraRoute = true;

    // shared.state, as /progress reports it
    private volatile int jobCount;
    private volatile int samplingStep;
    private volatile int samplingSteps;
    private volatile boolean interrupted;
    private volatile String currentTask;

    private FakeA1111(Version version) throws IOException {
        this.version = version;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        checkpoints.add(new Checkpoint("dreamshaper_8.safetensors [879db523c3]", "dreamshaper_8", "879db523c3",
                "/webui/models/Stable-diffusion/dreamshaper_8.safetensors"));
        checkpoints.add(new Checkpoint("realisticVisionV51_v51VAE.safetensors [15012c538f]", "realisticVisionV51_v51VAE", "15012c538f",
                "/webui/models/Stable-diffusion/realisticVisionV51_v51VAE.safetensors"));
        checkpoints.add(new Checkpoint("SDXL/juggernautXL_v9Rundiffusionphoto2.safetensors [c9e3e68f89]", "SDXL_juggernautXL_v9Rundiffusionphoto2",
                "c9e3e68f89", "/webui/models/Stable-diffusion/SDXL/juggernautXL_v9Rundiffusionphoto2.safetensors"));
        current = checkpoints.get(0);
        loras.put("Detail-Tweaker-LoRA-1.0", "add_detail");
        loras.put("epiNoiseoffset_v2", "epi_noiseoffset2");
        server.start();
    }

    public static FakeA1111 start(Version version) {
        try {
            return new FakeA1111(version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Like {@code --api-auth user:password}. */
    FakeA1111 requireAuth(String userColonPassword) {
        this.auth = userColonPassword;
        return this;
    }

    /** The checkpoint stays in the model list but its file is gone, so an override naming it is dropped silently. */
    FakeA1111 checkpointFileGone(String title) {
        filesGone.add(title);
        return this;
    }

    FakeA1111 stepDelay(Duration d) {
        this.stepDelay = d;
        return this;
    }

    /** Sleeps before answering a render, like a long generation. */
    FakeA1111 replyDelay(Duration d) {
        this.replyDelay = d;
        return this;
    }

    /** The next renders answer this instead of drawing. */
    FakeA1111 renderAnswers(int status, String contentType, String body) {
        this.cannedRender = new Canned(status, contentType, body);
        return this;
    }

    /** Every discovery route answers this (a proxy in front of a stopped server, say). */
    FakeA1111 discoveryAnswers(int status, String contentType, String body) {
        this.cannedDiscovery = new Canned(status, contentType, body);
        return this;
    }

    /** Like a web UI before infotexts were part of {@code info}. */
    FakeA1111 withoutInfotexts() {
        this.infotexts = false;
        return this;
    }

    /** Like a web UI with the built-in Lora extension disabled: no {@code /sdapi/v1/loras} route. */
    FakeA1111 withoutLoraRoute() {
        this.loraRoute = false;
        return this;
    }

    String currentModelTitle() {
        return current.title();
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public List<Recorded> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    Recorded onlyRender() {
        List<Recorded> renders = requests.stream().filter(r -> r.path().endsWith("2img")).toList();
        if (renders.size() != 1) {
            throw new AssertionError("expected one render request, got " + renders.size() + ": " + requests);
        }
        return renders.get(0);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] raw = ex.getRequestBody().readAllBytes();
            JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            requests.add(new Recorded(method, path, ex.getRequestURI().getQuery(), ex.getRequestHeaders().getFirst("Authorization"), body));
            if (!auth.isEmpty() && !authorised(ex)) {
                return;
            }
            String route = method + " " + path;
            if (cannedDiscovery != null && method.equals("GET")) {
                send(ex, cannedDiscovery.status(), cannedDiscovery.contentType(), cannedDiscovery.body());
                return;
            }
            switch (route) {
                case "GET /sdapi/v1/sd-models" -> sendJson(ex, 200, sdModels());
                case "GET /sdapi/v1/loras" -> {
                    if (loraRoute) {
                        sendJson(ex, 200, loraList());
                    } else {
                        notFound(ex);
                    }
                }
                case "GET /sdapi/v1/samplers" -> sendJson(ex, 200, samplers());
                case "GET /sdapi/v1/schedulers" -> {
                    if (version == Version.V1_10) {
                        sendJson(ex, 200, schedulers());
                    } else {
                        notFound(ex);
                    }
                }
                case "GET /sdapi/v1/progress" -> sendJson(ex, 200, progress());
                case "POST /sdapi/v1/interrupt" -> {
                    interrupted = true;
                    sendJson(ex, 200, JSON.createObjectNode());
                }
                case "POST /sdapi/v1/txt2img", "POST /sdapi/v1/img2img" -> render(ex, body, path.endsWith("img2img"));
                default -> notFound(ex);
            }
        }
    }

    private boolean authorised(HttpExchange ex) throws IOException {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            httpException(ex, 401, "Not authenticated");
            return false;
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8));
        if (!header.equals(expected)) {
            httpException(ex, 401, "Incorrect username or password");
            return false;
        }
        return true;
    }

    private void render(HttpExchange ex, JsonNode req, boolean img2img) throws IOException {
        if (cannedRender != null) {
            send(ex, cannedRender.status(), cannedRender.contentType(), cannedRender.body());
            return;
        }
        sleep(replyDelay);
        if (img2img && !req.path("init_images").isArray()) {
            httpException(ex, 404, "Init image not found");
            return;
        }
        Optional<String[]> sampler = resolveSampler(req.path("sampler_name").asText("Euler a"), req.path("scheduler").asText(""));
        if (sampler.isEmpty()) {
            httpException(ex, version == Version.V1_10 ? 400 : 404, "Sampler not found");
            return;
        }
        // processing.process_images: an override that names no known checkpoint is dropped, the current model stays
        String wanted = req.path("override_settings").path("sd_model_checkpoint").asText(null);
        checkpoints.stream().filter(c -> !filesGone.contains(c.title()))
                .filter(c -> List.of(c.title(), c.modelName(), c.hash(), c.stem()).contains(wanted))
                .findFirst().ifPresent(c -> current = c);

        int steps = req.path("steps").asInt(20);
        String task = req.path("force_task_id").asText(null);
        interrupted = false;
        currentTask = task;
        samplingSteps = steps;
        samplingStep = 0;
        jobCount = 1;
        try {
            for (int step = 1; step <= steps && !interrupted; step++) {
                sleep(stepDelay);
                samplingStep = step;
            }
        } finally {
            jobCount = 0;
            currentTask = null;
        }
        int width = req.path("width").asInt(512);
        int height = req.path("height").asInt(512);
        long seed = req.path("seed").asLong(-1);
        String infotext = infotext(req, sampler.get(), seed, width, height, img2img);
        ObjectNode info = JSON.createObjectNode();
        info.put("prompt", req.path("prompt").asText());
        info.putArray("all_prompts").add(req.path("prompt").asText());
        info.put("negative_prompt", req.path("negative_prompt").asText());
        info.put("seed", seed);
        info.putArray("all_seeds").add(seed);
        info.put("subseed", 1234567);
        info.put("width", width);
        info.put("height", height);
        info.put("sampler_name", sampler.get()[0]);
        info.put("cfg_scale", req.path("cfg_scale").asDouble(7));
        info.put("steps", steps);
        info.put("batch_size", 1);
        info.put("restore_faces", false);
        info.putNull("face_restoration_model");
        info.put("sd_model_name", current.stem());
        info.put("sd_model_hash", current.hash());
        info.putNull("sd_vae_name");
        info.putNull("sd_vae_hash");
        if (img2img) {
            info.put("denoising_strength", req.path("denoising_strength").asDouble());
        } else {
            info.putNull("denoising_strength");
        }
        info.putObject("extra_generation_params");
        info.put("index_of_first_image", 0);
        if (infotexts) {
            info.putArray("infotexts").add(infotext);
        }
        info.putArray("styles");
        info.put("job_timestamp", "20240801120000");
        info.put("clip_skip", 1);
        info.put("is_using_inpainting_conditioning", false);
        info.put("version", version == Version.V1_10 ? "v1.10.1" : "v1.6.0");

        ObjectNode reply = JSON.createObjectNode();
        reply.putArray("images").add(Base64.getEncoder().encodeToString(png(width, height, infotext)));
        reply.set("parameters", req);
        reply.put("info", JSON.writeValueAsString(info)); // a JSON document as a string, as A1111 sends it
        sendJson(ex, 200, reply);
    }

    /** Like sd_samplers.get_sampler_and_scheduler on 1.9+: a trailing schedule label is split off the name. */
    private Optional<String[]> resolveSampler(String name, String scheduler) {
        List<String> names = samplerNames();
        if (version == Version.V1_6) {
            return names.contains(name) ? Optional.of(new String[]{name, ""}) : Optional.empty();
        }
        String label = schedulerLabels().getOrDefault(scheduler, "Automatic");
        for (String l : schedulerLabels().values()) {
            if (name.endsWith(" " + l)) {
                label = l;
                name = name.substring(0, name.length() - l.length() - 1);
            }
        }
        return names.contains(name) ? Optional.of(new String[]{name, label}) : Optional.empty();
    }

    private String infotext(JsonNode req, String[] sampler, long seed, int width, int height, boolean img2img) {
        StringBuilder params = new StringBuilder();
        params.append("Steps: ").append(req.path("steps").asInt())
                .append(", Sampler: ").append(sampler[0]);
        if (!sampler[1].isEmpty() && !sampler[1].equals("Automatic")) {
            params.append(", Schedule type: ").append(sampler[1]);
        }
        params.append(", CFG scale: ").append(plain(req.path("cfg_scale").asDouble()))
                .append(", Seed: ").append(seed)
                .append(", Size: ").append(width).append('x').append(height)
                .append(", Model hash: ").append(current.hash())
                .append(", Model: ").append(current.stem());
        if (img2img) {
            params.append(", Denoising strength: ").append(plain(req.path("denoising_strength").asDouble()));
        }
        if (req.path("prompt").asText().contains("<lora:")) {
            params.append(", Lora hashes: \"Detail-Tweaker-LoRA-1.0: 7c6bad76eb54\"");
        }
        params.append(", Version: ").append(version == Version.V1_10 ? "v1.10.1" : "v1.6.0");
        return req.path("prompt").asText() + "\nNegative prompt: " + req.path("negative_prompt").asText() + "\n" + params;
    }

    private ArrayNode sdModels() {
        ArrayNode list = JSON.createArrayNode();
        for (Checkpoint c : checkpoints) {
            ObjectNode m = list.addObject();
            m.put("title", c.title());
            m.put("model_name", c.modelName());
            m.put("hash", c.hash());
            m.put("sha256", c.hash() + "0".repeat(54)); // a 64-hex sha256 starts with the short hash
            m.put("filename", c.filename());
            m.putNull("config");
        }
        return list;
    }

    private ArrayNode loraList() {
        ArrayNode list = JSON.createArrayNode();
        loras.forEach((name, alias) -> {
            ObjectNode l = list.addObject();
            l.put("name", name);
            l.put("alias", alias);
            l.put("path", "/webui/models/Lora/" + name + ".safetensors");
            l.putObject("metadata").put("ss_sd_model_name", "runwayml/stable-diffusion-v1-5");
        });
        return list;
    }

    private List<String> samplerNames() {
        List<String> modern = List.of("DPM++ 2M", "DPM++ SDE", "DPM++ 2M SDE", "DPM++ 2M SDE Heun", "DPM++ 2S a", "DPM++ 3M SDE",
                "Euler a", "Euler", "LMS", "Heun", "DPM2", "DPM2 a", "DPM fast", "DPM adaptive", "Restart", "DDIM", "DDIM CFG++", "PLMS", "UniPC", "LCM");
        List<String> old = List.of("DPM++ 2M Karras", "DPM++ SDE Karras", "DPM++ 2M SDE Exponential", "DPM++ 2M SDE Karras", "Euler a", "Euler",
                "LMS", "Heun", "DPM2", "DPM2 a", "DPM++ 2S a", "DPM++ 2M", "DPM++ SDE", "DPM++ 2M SDE", "DPM++ 3M SDE", "DPM++ 3M SDE Karras",
                "DPM fast", "DPM adaptive", "LMS Karras", "DPM2 Karras", "DPM2 a Karras", "DPM++ 2S a Karras", "Restart", "DDIM", "PLMS", "UniPC");
        return version == Version.V1_10 ? modern : old;
    }

    private ArrayNode samplers() {
        ArrayNode list = JSON.createArrayNode();
        for (String name : samplerNames()) {
            ObjectNode s = list.addObject();
            s.put("name", name);
            s.putArray("aliases").add("k_" + name.toLowerCase(Locale.ROOT).replace("++", "pp").replace(' ', '_'));
            s.putObject("options");
        }
        return list;
    }

    private Map<String, String> schedulerLabels() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("automatic", "Automatic");
        m.put("uniform", "Uniform");
        m.put("karras", "Karras");
        m.put("exponential", "Exponential");
        m.put("polyexponential", "Polyexponential");
        m.put("sgm_uniform", "SGM Uniform");
        m.put("kl_optimal", "KL Optimal");
        m.put("align_your_steps", "Align Your Steps");
        m.put("simple", "Simple");
        m.put("normal", "Normal");
        m.put("ddim", "DDIM");
        m.put("beta", "Beta");
        return m;
    }

    private ArrayNode schedulers() {
        ArrayNode list = JSON.createArrayNode();
        schedulerLabels().forEach((name, label) -> {
            ObjectNode s = list.addObject();
            s.put("name", name);
            s.put("label", label);
            if (name.equals("sgm_uniform")) {
                s.putArray("aliases").add("SGMUniform");
            } else {
                s.putNull("aliases");
            }
            if (name.equals("polyexponential")) {
                s.put("default_rho", 1.0);
            } else {
                s.put("default_rho", -1);
            }
            s.put("need_inner_model", name.equals("sgm_uniform") || name.equals("simple") || name.equals("normal") || name.equals("ddim"));
        });
        return list;
    }

    /** Like api.progressapi: 0 when idle, else 0.01 + step/steps of the one job, capped at 1. */
    private ObjectNode progress() {
        ObjectNode p = JSON.createObjectNode();
        int count = jobCount;
        double fraction = 0;
        if (count > 0) {
            fraction = 0.01 + (samplingSteps > 0 ? (double) samplingStep / samplingSteps : 0);
        }
        p.put("progress", Math.min(fraction, 1));
        p.put("eta_relative", count > 0 ? 1.5 : 0);
        ObjectNode state = p.putObject("state");
        state.put("skipped", false);
        state.put("interrupted", interrupted);
        state.put("stopping_generation", false);
        state.put("job", count > 0 ? "scripts_txt2img" : "");
        state.put("job_count", count);
        state.put("job_timestamp", "20240801120000");
        state.put("job_no", 0);
        state.put("sampling_step", samplingStep);
        state.put("sampling_steps", samplingSteps);
        p.putNull("current_image");
        p.putNull("textinfo");
        if (version == Version.V1_10) {
            if (currentTask == null) {
                p.putNull("current_task");
            } else {
                p.put("current_task", currentTask);
            }
        }
        return p;
    }

    /** A PNG with a "parameters" tEXt chunk, as A1111 sends it; written with ImageIO, not the code under test. */
    static byte[] png(int width, int height, String parameters) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(40, 90, 160));
        g.fillRect(0, 0, width, height);
        g.dispose();
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), null);
            if (parameters != null) {
                IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
                entry.setAttribute("keyword", "parameters");
                entry.setAttribute("value", parameters);
                IIOMetadataNode text = new IIOMetadataNode("tEXt");
                text.appendChild(entry);
                IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
                root.appendChild(text);
                metadata.mergeTree("javax_imageio_png_1.0", root);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(stream);
                writer.write(new IIOImage(image, null, metadata));
            } finally {
                writer.dispose();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The web UI's handle_exception body for an HTTPException. */
    private static void httpException(HttpExchange ex, int status, String detail) throws IOException {
        ObjectNode err = JSON.createObjectNode();
        err.put("error", "HTTPException");
        err.put("detail", detail);
        err.put("body", "");
        err.put("errors", status + ": " + detail);
        sendJson(ex, status, err);
    }

    /** Starlette's own answer for a route that does not exist. */
    private static void notFound(HttpExchange ex) throws IOException {
        send(ex, 404, "application/json", "{\"detail\":\"Not Found\"}");
    }

    private static void sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsString(body));
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
    }
}
