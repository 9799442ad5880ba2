package dev.chatgen.engine.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * An OpenAI-compatible chat-completions server on loopback, answering as vLLM and OpenAI do:
 * {@code POST /v1/chat/completions} gets a {@code chat.completion} object, or an error
 * {@code {"error": {"message", "type", "param", "code"}}} with its status. Replies are scripted
 * (queued, then a responder); every request is recorded.
 */
public final class FakeOpenAi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request as the server saw it; header names in lower case. */
    public record Recorded(String method, String path, Map<String, String> headers, JsonNode body) {
        public List<JsonNode> messages() {
            List<JsonNode> out = new ArrayList<>();
            body.path("messages").forEach(out::add);
            return out;
        }

        /** The text of a message's content, string or parts. */
        public static String text(JsonNode message) {
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                return content.asText();
            }
            StringBuilder out = new StringBuilder();
            content.forEach(p -> out.append(p.path("text").asText("")));
            return out.toString();
        }

        public String system() {
            return messages().stream().filter(m -> m.path("role").asText().equals("system")).findFirst().map(Recorded::text).orElse("");
        }
    }

    public sealed interface Reply permits Answer, Failure, Raw, Slow {
    }

    /** A chat.completion whose first choice says {@code content}; {@code reasoning} goes to reasoning_content as vLLM's parsers put it. */
    public record Answer(String content, String reasoning, String finishReason) implements Reply {
    }

    public record Failure(int status, String message, Map<String, String> headers) implements Reply {
    }

    public record Raw(int status, String contentType, String body) implements Reply {
    }

    public record Slow(Duration delay, Reply then) implements Reply {
    }

    public static Reply answer(String content) {
        return new Answer(content, null, "stop");
    }

    public static Reply answerWithReasoning(String content, String reasoning) {
        return new Answer(content, reasoning, "stop");
    }

    public static Reply error(int status, String message) {
        return new Failure(status, message, Map.of());
    }

    public static Reply rateLimited(long retryAfterSeconds) {
        return new Failure(429, "Rate limit reached for requests", Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }

    public static Reply raw(int status, String body) {
        return new Raw(status, "application/json", body);
    }

    public static Reply slow(Duration delay, Reply then) {
        return new Slow(delay, then);
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Deque<Reply> queued = new ArrayDeque<>();
    private final List<Recorded> requests = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private Function<Recorded, Reply> responder = r -> answer("{\"prompt\": \"a fox\", \"negative_prompt\": \"blurry\"}");

    private FakeOpenAi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeOpenAi start() {
        try {
            return new FakeOpenAi();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The /v1 base, as llm.url takes it. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    public synchronized FakeOpenAi enqueue(Reply... replies) {
        queued.addAll(List.of(replies));
        return this;
    }

    /** How to answer once the queue is empty. */
    public synchronized FakeOpenAi respondWith(Function<Recorded, Reply> responder) {
        this.responder = responder;
        return this;
    }

    public synchronized List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public Recorded last() {
        List<Recorded> all = requests();
        return all.get(all.size() - 1);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] bytes = ex.getRequestBody().readAllBytes();
            Map<String, String> headers = new HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            JsonNode body;
            try {
                body = JSON.readTree(bytes);
            } catch (IOException e) {
                body = JSON.missingNode();
            }
            Recorded r = new Recorded(ex.getRequestMethod(), ex.getRequestURI().getPath(), Map.copyOf(headers), body);
            Reply reply;
            synchronized (this) {
                requests.add(r);
                reply = !"POST".equals(r.method()) || !"/v1/chat/completions".equals(r.path())
                        ? error(404, "Not Found: " + r.path())
                        : queued.isEmpty() ? responder.apply(r) : queued.poll();
            }
            send(ex, r, reply);
        }
    }

    private void send(HttpExchange ex, Recorded r, Reply reply) throws IOException {
        if (reply instanceof Slow s) {
            try {
                if (closing.await(s.delay().toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            send(ex, r, s.then());
        } else if (reply instanceof Answer a) {
            write(ex, 200, "application/json", completion(r, a).toString(), Map.of());
        } else if (reply instanceof Failure f) {
            ObjectNode error = JSON.createObjectNode();
            error.putObject("error").put("message", f.message()).put("type", errorType(f.status())).putNull("param").put("code", f.status());
            write(ex, f.status(), "application/json", error.toString(), f.headers());
        } else if (reply instanceof Raw raw) {
            write(ex, raw.status(), raw.contentType(), raw.body(), Map.of());
        }
    }

    private ObjectNode completion(Recorded r, Answer a) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", "chatcmpl-" + ids.incrementAndGet());
        n.put("object", "chat.completion");
        n.put("created", 1_730_000_000L);
        n.put("model", r.body().path("model").asText());
        ObjectNode choice = n.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (a.content() == null) {
            message.putNull("content");
        } else {
            message.put("content", a.content());
        }
        if (a.reasoning() != null) {
            message.put("reasoning_content", a.reasoning());
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", a.finishReason());
        n.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 20).put("total_tokens", 120);
        return n;
    }

    private static String errorType(int status) {
        return switch (status) {
            case 400 -> "BadRequestError";
            case 401 -> "AuthenticationError";
            case 404 -> "NotFoundError";
            case 429 -> "RateLimitError";
            case 503 -> "ServiceUnavailableError";
            default -> "InternalServerError";
        };
    }

    private static void write(HttpExchange ex, int status, String contentType, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        try {
            ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException e) {
            // why: the client gave up (a timeout test); nobody is left to answer
        }
    }
}
