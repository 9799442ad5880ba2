package dev.chatgen.render.comfy;

import dev.chatgen.testing.ServerWebSocket;
import dev.chatgen.testing.WebSocketWire;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/**
 * A ComfyUI server on loopback, as far as the backend can tell: the same routes, JSON shapes, status codes and
 * error bodies as ComfyUI's server.py / execution.py. POST /prompt validates the graph like validate_prompt
 * (unknown node types, required inputs, links to existing nodes with the right output type, numbers, and
 * choices such as ckpt_name against the files "on disk"), then queues it; each GET /history/{id} moves the
 * prompt along (pending, running, finished) so polling is exercised; SaveImage writes a real PNG with the
 * "prompt" chunk (plus one per extra_pnginfo key), served by GET /view. The /ws WebSocket sends the
 * status/execution_start/executing/progress/execution_success messages to the client that queued the prompt.
 * A front socket routes /ws upgrades to a small WebSocket end and pipes everything else to an HttpServer,
 * because HttpServer cannot switch protocols and ComfyUI serves both on one port.
 */
final class FakeComfyUi implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    static {
        // HttpServer writes a response's head and body separately; without this, Nagle's algorithm and delayed
        // ACKs hold each response ~40 ms on loopback (read once, when the JDK's server classes load).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** Faults a proxy or a broken server can produce on POST /prompt. */
    enum Fault { NONE, NOT_JSON, INTERNAL_ERROR, BAD_GATEWAY }

    record Request(String method, String path, String query, String contentType, byte[] body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("request body is not JSON: " + new String(body, StandardCharsets.UTF_8), e);
            }
        }

        Map<String, String> params() {
            Map<String, String> params = new LinkedHashMap<>();
            if (query != null) {
                for (String pair : query.split("&")) {
                    int eq = pair.indexOf('=');
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return params;
        }
    }

    private enum JobState { PENDING, RUNNING, DONE }

    private static final class Job {
        final String id;
        final int number;
        final ObjectNode prompt;
        final ObjectNode extraData;
        final List<String> outputs;
        JobState state = JobState.PENDING;
        int polls;

        Job(String id, int number, ObjectNode prompt, ObjectNode extraData, List<String> outputs) {
            this.id = id;
            this.number = number;
            this.prompt = prompt;
            this.extraData = extraData;
            this.outputs = outputs;
        }

        ArrayNode queueItem() {
            ArrayNode item = JSON.createArrayNode().add(number).add(id).add(prompt.deepCopy()).add(extraData.deepCopy());
            outputs.forEach(item.addArray()::add);
            return item;
        }
    }

    // ---- what the server has; tests change these ----
    volatile List<String> checkpoints = List.of("realisticVisionV51_v51VAE.safetensors", "SD1.5/dreamshaper_8.safetensors",
            "epicrealism_naturalSinRC1VAE.safetensors");
    volatile List<String> loras = List.of("add_detail.safetensors", "epi_noiseoffset2.safetensors");
    /** The checkpoints validation checks against; null means the listed ones (set to simulate a file removed since listing). */
    volatile List<String> checkpointsOnDisk;
    /** A server from before GET /models/{folder}: those answer 404 and clients read /object_info. */
    volatile boolean withoutModelsRoute;
    /** Newer servers describe choices as ["COMBO", {"options": [...]}] in /object_info. */
    volatile boolean comboOptions;
    volatile boolean websocket = true;
    /** History polls a prompt stays pending, then running, before it finishes. */
    volatile int pollsPending = 1;
    volatile int pollsRunning = 2;
    volatile boolean neverFinish;
    /** When set, the KSampler raises this exception while running. */
    volatile String executionError;
    volatile String executionErrorType = "RuntimeError";
    volatile String failingNodeClass = "KSampler";
    volatile Fault promptFault = Fault.NONE;
    volatile boolean historyNotJson;
    /** What GET /view serves instead of the saved file, e.g. a proxy's error page with status 200. */
    volatile byte[] viewOverride;
    volatile long modelsDelayMillis;
    /** Text chunks SaveImage adds besides "prompt", like the web UI's "workflow" from extra_pnginfo. */
    volatile Map<String, String> extraPngText = Map.of();

    private static final List<String> SAMPLERS = List.of("euler", "euler_cfg_pp", "euler_ancestral", "heun", "dpm_2",
            "dpm_2_ancestral", "lms", "dpm_fast", "dpm_adaptive", "dpmpp_2s_ancestral", "dpmpp_sde", "dpmpp_2m",
            "dpmpp_2m_sde", "dpmpp_3m_sde", "ddim", "uni_pc", "lcm");
    private static final List<String> SCHEDULERS = List.of("normal", "karras", "exponential", "sgm_uniform", "simple",
            "ddim_uniform", "beta");

    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, JsonNode> history = new LinkedHashMap<>();
    private final Map<String, byte[]> inputFiles = new ConcurrentHashMap<>();
    private final Map<String, byte[]> outputFiles = new ConcurrentHashMap<>();
    private final Map<String, ServerWebSocket> sockets = new ConcurrentHashMap<>();
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<String> queued = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> started = new LinkedBlockingQueue<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-comfyui");
        t.setDaemon(true);
        return t;
    });
    private final HttpServer http;
    private final ServerSocket front;
    private int number;
    private int saved;

    FakeComfyUi() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        http = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        http.setExecutor(threads);
        http.createContext("/", this::handle);
        http.start();
        front = new ServerSocket(0, 50, loopback);
        threads.execute(this::acceptLoop);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + front.getLocalPort());
    }

    List<Request> requests(String method, String path) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
        }
    }

    List<Request> requestsUnder(String pathPrefix) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
        }
    }

    /** The graph of the last POST /prompt. */
    JsonNode lastPrompt() {
        List<Request> posts = requests("POST", "/prompt");
        if (posts.isEmpty()) {
            throw new AssertionError("no POST /prompt");
        }
        return posts.get(posts.size() - 1).json();
    }

    /** Waits for the next prompt the fake queued / started running; its prompt id. */
    String awaitQueued() throws InterruptedException {
        return take(queued, "queued");
    }

    String awaitStarted() throws InterruptedException {
        return take(started, "started");
    }

    byte[] outputFile(String name) {
        return outputFiles.get(name);
    }

    Set<String> inputFileNames() {
        return inputFiles.keySet();
    }

    synchronized boolean hasJob(String promptId) {
        return jobs.containsKey(promptId);
    }

    @Override
    public void close() throws IOException {
        front.close();
        openSockets.forEach(s -> {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        });
        http.stop(0);
        threads.shutdownNow();
    }

    private static String take(BlockingQueue<String> queue, String what) throws InterruptedException {
        String id = queue.poll(5, java.util.concurrent.TimeUnit.SECONDS);
        if (id == null) {
            throw new AssertionError("no prompt was " + what + " within 5 s");
        }
        return id;
    }

    // ---------------------------------------------------------------- HTTP routes

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Content-Type"), body);
            requests.add(request);
            try {
                route(exchange, request);
            } catch (RuntimeException e) {
                // like aiohttp: an exception in a handler becomes a plain-text 500
                send(exchange, 500, "text/plain; charset=utf-8", "500 Internal Server Error\n\nServer got itself in trouble"
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void route(HttpExchange exchange, Request request) throws IOException {
        String method = request.method();
        String path = request.path();
        if (method.equals("GET") && path.startsWith("/models/")) {
            sleep(modelsDelayMillis);
            String folder = path.substring("/models/".length());
            if (withoutModelsRoute || !(folder.equals("checkpoints") || folder.equals("loras"))) {
                send(exchange, 404, "text/plain", "404: Not Found".getBytes(StandardCharsets.UTF_8));
            } else {
                json(exchange, 200, JSON.valueToTree(folder.equals("checkpoints") ? checkpoints : loras));
            }
        } else if (method.equals("GET") && path.startsWith("/object_info/")) {
            json(exchange, 200, objectInfo(path.substring("/object_info/".length())));
        } else if (method.equals("POST") && path.equals("/prompt")) {
            postPrompt(exchange, request);
        } else if (method.equals("GET") && path.startsWith("/history/")) {
            getHistory(exchange, path.substring("/history/".length()));
        } else if (method.equals("GET") && path.equals("/queue")) {
            json(exchange, 200, queue());
        } else if (method.equals("POST") && path.equals("/queue")) {
            postQueue(request.json());
            send(exchange, 200, "text/plain", new byte[0]);
        } else if (method.equals("POST") && path.equals("/interrupt")) {
            interrupt(request);
            send(exchange, 200, "text/plain", new byte[0]);
        } else if (method.equals("POST") && path.equals("/upload/image")) {
            upload(exchange, request);
        } else if (method.equals("GET") && path.equals("/view")) {
            view(exchange, request.params());
        } else {
            send(exchange, 404, "text/plain", "404: Not Found".getBytes(StandardCharsets.UTF_8));
        }
    }

    private JsonNode objectInfo(String nodeClass) {
        ObjectNode out = JSON.createObjectNode();
        List<String> names;
        String input;
        List<String> returns;
        if (nodeClass.equals("CheckpointLoaderSimple")) {
            names = checkpoints;
            input = "ckpt_name";
            returns = List.of("MODEL", "CLIP", "VAE");
        } else if (nodeClass.equals("LoraLoader")) {
            names = loras;
            input = "lora_name";
            returns = List.of("MODEL", "CLIP");
        } else {
            return out; // server.py answers {} for a class it does not know
        }
        ObjectNode info = out.putObject(nodeClass);
        ArrayNode choice = info.putObject("input").putObject("required").putArray(input);
        if (comboOptions) {
            choice.add("COMBO");
            choice.addObject().put("tooltip", "The name of the file to load.").set("options", JSON.valueToTree(names));
        } else {
            choice.add(JSON.valueToTree(names));
            choice.addObject().put("tooltip", "The name of the file to load.");
        }
        info.set("output", JSON.valueToTree(returns));
        info.put("name", nodeClass).put("display_name", nodeClass).put("category", "loaders").put("output_node", false);
        return out;
    }

    private void postPrompt(HttpExchange exchange, Request request) throws IOException {
        switch (promptFault) {
            case NOT_JSON -> {
                send(exchange, 200, "application/json", "{\"prompt_id\": \"4f3c".getBytes(StandardCharsets.UTF_8));
                return;
            }
            case INTERNAL_ERROR -> throw new IllegalStateException("simulated crash in post_prompt");
            case BAD_GATEWAY -> {
                send(exchange, 502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>".getBytes(StandardCharsets.UTF_8));
                return;
            }
            case NONE -> {
                // carry on
            }
        }
        JsonNode body = request.json();
        if (!body.has("prompt")) {
            ObjectNode error = JSON.createObjectNode();
            error.putObject("error").put("type", "no_prompt").put("message", "No prompt provided")
                    .put("details", "No prompt provided").putObject("extra_info");
            error.putObject("node_errors");
            json(exchange, 400, error);
            return;
        }
        ObjectNode prompt = (ObjectNode) body.get("prompt");
        GraphValidator.Result result = new GraphValidator(prompt, this::choices).validate();
        if (!result.valid()) {
            json(exchange, 400, result.errorBody());
            return;
        }
        ObjectNode extraData = body.has("extra_data") ? (ObjectNode) body.get("extra_data").deepCopy() : JSON.createObjectNode();
        if (body.has("client_id")) {
            extraData.put("client_id", body.get("client_id").asText());
        }
        Job job;
        synchronized (this) {
            job = new Job(UUID.randomUUID().toString(), number++, prompt, extraData, result.outputs());
            jobs.put(job.id, job);
        }
        queued.add(job.id);
        ObjectNode reply = JSON.createObjectNode().put("prompt_id", job.id).put("number", job.number);
        reply.putObject("node_errors");
        json(exchange, 200, reply);
    }

    private Supplier<List<String>> choices(String nodeClass, String input) {
        return switch (nodeClass + "." + input) {
            case "CheckpointLoaderSimple.ckpt_name" -> () -> checkpointsOnDisk == null ? checkpoints : checkpointsOnDisk;
            case "LoraLoader.lora_name" -> () -> loras;
            case "KSampler.sampler_name" -> () -> SAMPLERS;
            case "KSampler.scheduler" -> () -> SCHEDULERS;
            case "LoadImage.image" -> () -> inputFiles.keySet().stream().sorted().toList();
            case "ImageScale.upscale_method" -> () -> List.of("nearest-exact", "bilinear", "area", "bicubic", "lanczos");
            case "ImageScale.crop" -> () -> List.of("disabled", "center");
            default -> null;
        };
    }

    private void getHistory(HttpExchange exchange, String promptId) throws IOException {
        if (historyNotJson) {
            send(exchange, 200, "application/json", "<html>oops</html>".getBytes(StandardCharsets.UTF_8));
            return;
        }
        ObjectNode out = JSON.createObjectNode();
        synchronized (this) {
            Job job = jobs.get(promptId);
            if (job != null && job.state != JobState.DONE) {
                advance(job);
            }
            JsonNode entry = history.get(promptId);
            if (entry != null) {
                out.set(promptId, entry.deepCopy());
            }
        }
        json(exchange, 200, out);
    }

    /** One history poll's worth of progress: pending, then running (one prompt at a time), then finished. */
    private void advance(Job job) {
        job.polls++;
        if (job.state == JobState.PENDING && job.polls > pollsPending && jobs.values().stream().noneMatch(j -> j.state == JobState.RUNNING)) {
            job.state = JobState.RUNNING;
            job.polls = 0;
            started.add(job.id);
            String sampler = nodeOf(job.prompt, "KSampler");
            int steps = job.prompt.path(sampler).path("inputs").path("steps").asInt(20);
            toClient(job, "execution_start", JSON.createObjectNode().put("prompt_id", job.id).put("timestamp", now()));
            toClient(job, "execution_cached", JSON.createObjectNode().put("prompt_id", job.id).put("timestamp", now())
                    .set("nodes", JSON.createArrayNode()));
            toClient(job, "executing", JSON.createObjectNode().put("node", sampler).put("display_node", sampler).put("prompt_id", job.id));
            toClient(job, "progress", JSON.createObjectNode().put("value", steps / 2).put("max", steps).put("prompt_id", job.id).put("node", sampler));
        } else if (job.state == JobState.RUNNING && job.polls >= pollsRunning && !neverFinish) {
            finish(job);
        }
    }

    private void finish(Job job) {
        job.state = JobState.DONE;
        ObjectNode entry = JSON.createObjectNode();
        entry.set("prompt", job.queueItem());
        ObjectNode outputs = entry.putObject("outputs");
        ObjectNode status = entry.putObject("status");
        ArrayNode messages = JSON.createArrayNode();
        messages.addArray().add("execution_start").addObject().put("prompt_id", job.id).put("timestamp", now());
        messages.addArray().add("execution_cached").addObject().put("prompt_id", job.id).put("timestamp", now()).putArray("nodes");
        if (executionError != null) {
            String node = nodeOf(job.prompt, failingNodeClass);
            ObjectNode data = JSON.createObjectNode().put("prompt_id", job.id).put("node_id", node)
                    .put("node_type", failingNodeClass);
            data.putArray("executed");
            data.put("exception_message", executionError).put("exception_type", executionErrorType);
            data.putArray("traceback").add("  File \"/ComfyUI/execution.py\", line 496, in execute\n");
            data.putObject("current_inputs");
            data.putObject("current_outputs");
            data.put("timestamp", now());
            messages.addArray().add("execution_error").add(data);
            status.put("status_str", "error").put("completed", false);
            toClient(job, "execution_error", data);
        } else {
            String save = nodeOf(job.prompt, "SaveImage");
            String file = job.prompt.path(save).path("inputs").path("filename_prefix").asText("ComfyUI")
                    + String.format(Locale.ROOT, "_%05d_.png", ++saved);
            outputFiles.put(file, ComfyPng.saveImage(job.prompt, job.extraData.path("extra_pnginfo"), extraPngText));
            outputs.putObject(save).putArray("images").addObject().put("filename", file).put("subfolder", "").put("type", "output");
            messages.addArray().add("execution_success").addObject().put("prompt_id", job.id).put("timestamp", now());
            status.put("status_str", "success").put("completed", true);
            toClient(job, "executed", JSON.createObjectNode().put("node", save).put("prompt_id", job.id)
                    .set("output", outputs.get(save)));
        }
        status.set("messages", messages);
        entry.putObject("meta");
        history.put(job.id, entry);
        toClient(job, "executing", JSON.createObjectNode().putNull("node").put("prompt_id", job.id));
    }

    private synchronized JsonNode queue() {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode running = out.putArray("queue_running");
        ArrayNode pending = out.putArray("queue_pending");
        for (Job job : jobs.values()) {
            if (job.state == JobState.RUNNING) {
                running.add(job.queueItem());
            } else if (job.state == JobState.PENDING) {
                pending.add(job.queueItem());
            }
        }
        return out;
    }

    private synchronized void postQueue(JsonNode body) {
        if (body.path("clear").asBoolean(false)) {
            jobs.values().removeIf(j -> j.state == JobState.PENDING);
        }
        for (JsonNode id : body.path("delete")) {
            Job job = jobs.get(id.asText());
            if (job != null && job.state == JobState.PENDING) {
                jobs.remove(job.id);
            }
        }
    }

    /** Newer servers interrupt only the named prompt when it runs; without a name, whatever runs. */
    private synchronized void interrupt(Request request) {
        String only = request.body().length == 0 ? null : request.json().path("prompt_id").asText(null);
        for (Job job : jobs.values()) {
            if (job.state == JobState.RUNNING && (only == null || only.equals(job.id))) {
                interruptRunning(job);
            }
        }
    }

    /** What someone pressing Cancel in the web UI does to the running prompt. */
    synchronized void interruptRunningFromElsewhere() {
        jobs.values().stream().filter(j -> j.state == JobState.RUNNING).toList().forEach(this::interruptRunning);
    }

    private void interruptRunning(Job job) {
        job.state = JobState.DONE;
        ObjectNode entry = JSON.createObjectNode();
        entry.set("prompt", job.queueItem());
        entry.putObject("outputs");
        ObjectNode status = entry.putObject("status").put("status_str", "error").put("completed", false);
        ArrayNode messages = status.putArray("messages");
        messages.addArray().add("execution_start").addObject().put("prompt_id", job.id).put("timestamp", now());
        ObjectNode data = JSON.createObjectNode().put("prompt_id", job.id).put("node_id", nodeOf(job.prompt, "KSampler"))
                .put("node_type", "KSampler").put("timestamp", now());
        data.putArray("executed");
        messages.addArray().add("execution_interrupted").add(data);
        entry.putObject("meta");
        history.put(job.id, entry);
        toClient(job, "execution_interrupted", data);
    }

    private void upload(HttpExchange exchange, Request request) throws IOException {
        Multipart.Part image = Multipart.parse(request.contentType(), request.body()).get("image");
        if (image == null || image.fileName() == null || image.fileName().isEmpty()) {
            send(exchange, 400, "text/plain", new byte[0]);
            return;
        }
        String name = image.fileName();
        // server.py: a different file under a taken name gets " (1)", " (2)", ... before the extension
        int dot = name.lastIndexOf('.');
        for (int i = 1; inputFiles.containsKey(name) && !java.util.Arrays.equals(inputFiles.get(name), image.bytes()); i++) {
            name = image.fileName().substring(0, dot) + " (" + i + ")" + image.fileName().substring(dot);
        }
        inputFiles.put(name, image.bytes());
        json(exchange, 200, JSON.createObjectNode().put("name", name).put("subfolder", "").put("type", "input"));
    }

    private void view(HttpExchange exchange, Map<String, String> params) throws IOException {
        String filename = params.getOrDefault("filename", "");
        if (filename.isEmpty() || filename.startsWith("/") || filename.contains("..")) {
            send(exchange, 400, "text/plain", new byte[0]);
            return;
        }
        if (viewOverride != null) {
            send(exchange, 200, "text/html", viewOverride);
            return;
        }
        String type = params.getOrDefault("type", "output");
        byte[] file = switch (type) {
            case "output" -> outputFiles.get(filename);
            case "input" -> inputFiles.get(filename);
            default -> null;
        };
        if (file == null || !params.getOrDefault("subfolder", "").isEmpty()) {
            send(exchange, 404, "text/plain", "404: Not Found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        exchange.getResponseHeaders().set("Content-Disposition", "filename=\"" + filename + "\"");
        send(exchange, 200, "image/png", file);
    }

    private static String nodeOf(JsonNode prompt, String classType) {
        for (Map.Entry<String, JsonNode> node : prompt.properties()) {
            if (node.getValue().path("class_type").asText().equals(classType)) {
                return node.getKey();
            }
        }
        return null;
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private static void sleep(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    // ---------------------------------------------------------------- WebSocket and the front socket

    private void toClient(Job job, String type, JsonNode data) {
        ServerWebSocket socket = sockets.get(job.extraData.path("client_id").asText(""));
        if (socket != null) {
            ObjectNode message = JSON.createObjectNode().put("type", type);
            message.set("data", data);
            socket.sendText(message.toString());
        }
    }

    private void acceptLoop() {
        while (!front.isClosed()) {
            try {
                Socket client = front.accept();
                client.setTcpNoDelay(true); // else Nagle and delayed ACKs stall each small write by ~40 ms
                openSockets.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /**
     * Reads the connection request by request, as aiohttp does: a WebSocket upgrade may come on a kept-alive
     * connection after plain requests (the JDK client reuses them), so every request head is looked at.
     */
    private void serve(Socket client) {
        Socket back = null;
        try (client) {
            InputStream in = client.getInputStream();
            while (true) {
                String text = WebSocketWire.readHead(in);
                if (text.isEmpty()) {
                    return;
                }
                byte[] head = text.getBytes(StandardCharsets.ISO_8859_1);
                String target = text.substring(text.indexOf(' ') + 1, text.indexOf(' ', text.indexOf(' ') + 1));
                if (websocket && target.startsWith("/ws") && header(text, "upgrade").equalsIgnoreCase("websocket")) {
                    // The client read every earlier response before sending this, so the HTTP side is idle.
                    if (back != null) {
                        back.close();
                    }
                    webSocket(client, text, URI.create(target).getQuery().replaceFirst("^clientId=", ""));
                    return;
                }
                if (back == null) {
                    back = new Socket(InetAddress.getLoopbackAddress(), http.getAddress().getPort());
                    back.setTcpNoDelay(true);
                    openSockets.add(back);
                    Socket from = back;
                    threads.execute(() -> {
                        try {
                            from.getInputStream().transferTo(client.getOutputStream());
                        } catch (IOException ignored) {
                            // either side closed
                        }
                    });
                }
                OutputStream toBack = back.getOutputStream();
                toBack.write(head);
                String length = header(text, "content-length");
                long remaining = length.isEmpty() ? 0 : Long.parseLong(length);
                byte[] buffer = new byte[8192];
                while (remaining > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                    if (n < 0) {
                        return;
                    }
                    toBack.write(buffer, 0, n);
                    remaining -= n;
                }
                toBack.flush();
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            if (back != null) {
                try {
                    back.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
                openSockets.remove(back);
            }
            openSockets.remove(client);
        }
    }

    private void webSocket(Socket client, String head, String clientId) throws IOException {
        ServerWebSocket socket = ServerWebSocket.accept(client, head);
        if (socket == null) {
            return;
        }
        sockets.put(clientId, socket);
        ObjectNode status = JSON.createObjectNode().put("type", "status");
        status.putObject("data").put("sid", clientId).putObject("status").putObject("exec_info").put("queue_remaining", 0);
        socket.sendText(status.toString());
        try {
            socket.readLoop(text -> { }); // ComfyUI ignores what clients send
        } finally {
            sockets.remove(clientId, socket);
        }
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return "";
    }
}
