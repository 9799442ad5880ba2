package dev.chatgen.engine.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client of OpenAI's chat-completions API as vLLM, LMDeploy, SGLang, Ollama and llama.cpp
 * server speak it: one non-streaming request, temperature 0, the answer's
 * {@code choices[0].message.content}. Every failure is an {@link LlmException} with a kind; the
 * whole exchange, a 429's one retry included, fits in the endpoint's timeout.
 */
public final class ChatCompletions {
    static final ObjectMapper JSON = new ObjectMapper();
    /** How much of an unexpected body a message quotes. */
    private static final int QUOTE = 200;

    private final HttpClient http;
    private final LlmEndpoint endpoint;
    private final URI completions;

    public ChatCompletions(HttpClient http, LlmEndpoint endpoint) {
        this.http = http;
        this.endpoint = endpoint;
        this.completions = URI.create(endpoint.url().toString().replaceAll("/+$", "") + "/chat/completions");
    }

    /** An HTTP/1.1 client: JDK's default h2c upgrade on plain http confuses some of these servers. */
    public static HttpClient httpClient(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    }

    public LlmEndpoint endpoint() {
        return endpoint;
    }

    /** The assistant's text for these messages, at most {@code maxTokens} long. */
    public String complete(List<ChatMessage> messages, int maxTokens) throws LlmException {
        byte[] body = requestBody(messages, maxTokens);
        long deadline = System.nanoTime() + endpoint.timeout().toNanos();
        HttpResponse<String> response = send(body, deadline);
        if (response.statusCode() == 429) {
            // One retry when the server names a wait that fits the time left; no loop, the embedded stage is right there.
            Optional<Duration> wait = retryAfter(response);
            if (wait.isPresent() && wait.get().toNanos() < deadline - System.nanoTime()) {
                pause(wait.get());
                response = send(body, deadline);
            }
            if (response.statusCode() == 429) {
                throw new LlmException(LlmException.Kind.RATE_LIMITED, endpoint.where() + " is rate-limiting requests (HTTP 429"
                        + retryAfter(response).map(w -> ", retry after " + Waits.words(w)).orElse("") + ")");
            }
        }
        return contentOf(response);
    }

    private byte[] requestBody(List<ChatMessage> messages, int maxTokens) {
        ObjectNode n = JSON.createObjectNode();
        n.put("model", endpoint.model());
        ArrayNode list = n.putArray("messages");
        for (ChatMessage m : messages) {
            ObjectNode message = list.addObject();
            message.put("role", m.role().wire());
            if (m.isPlainText()) {
                message.put("content", ((ChatMessage.Text) m.parts().get(0)).text());
                continue;
            }
            ArrayNode parts = message.putArray("content");
            for (ChatMessage.Part p : m.parts()) {
                if (p instanceof ChatMessage.Text t) {
                    parts.addObject().put("type", "text").put("text", t.text());
                } else if (p instanceof ChatMessage.Image i) {
                    parts.addObject().put("type", "image_url").putObject("image_url").put("url", i.dataUri());
                }
            }
        }
        n.put("temperature", 0);
        n.put("max_tokens", maxTokens);
        n.put("stream", false);
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(byte[] body, long deadline) throws LlmException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw timedOut(null);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(completions)
                .timeout(Duration.ofNanos(left))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!endpoint.apiKey().isEmpty()) {
            request.header("Authorization", "Bearer " + endpoint.apiKey());
        }
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            // The request timeout stops at the headers; waiting on the future bounds the body too.
            return call.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw timedOut(e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new LlmException(LlmException.Kind.TIMEOUT, "stopped waiting for " + endpoint.where() + " (interrupted)", e);
        } catch (ExecutionException e) {
            throw failed(e.getCause());
        }
    }

    private LlmException failed(Throwable cause) {
        if (cause instanceof HttpTimeoutException) {
            return timedOut(cause);
        }
        if (cause instanceof ConnectException || cause instanceof UnresolvedAddressException
                || cause != null && cause.getCause() instanceof UnresolvedAddressException) {
            return new LlmException(LlmException.Kind.UNREACHABLE, endpoint.where() + " cannot be reached ("
                    + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()) + ")", cause);
        }
        if (cause instanceof IOException) {
            return new LlmException(LlmException.Kind.UNREACHABLE, "the connection to " + endpoint.where() + " failed ("
                    + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()) + ")", cause);
        }
        return new LlmException(LlmException.Kind.UNREACHABLE, "the call to " + endpoint.where() + " failed (" + cause + ")", cause);
    }

    private LlmException timedOut(Throwable cause) {
        return new LlmException(LlmException.Kind.TIMEOUT, endpoint.where() + " timed out after " + Waits.words(endpoint.timeout()), cause);
    }

    private String contentOf(HttpResponse<String> response) throws LlmException {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        if (status >= 400 && status < 500) {
            throw new LlmException(LlmException.Kind.REFUSED, endpoint.where() + " refused the request (HTTP " + status + ")" + errorText(body));
        }
        if (status < 200 || status >= 300) {
            throw new LlmException(LlmException.Kind.SERVER, endpoint.where() + " failed (HTTP " + status + ")" + errorText(body));
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed("answered with something that is not JSON: " + quote(body));
        }
        JsonNode choice = json == null ? null : json.path("choices").path(0);
        if (choice == null || !choice.isObject()) {
            throw malformed("answered without any choices: " + quote(body));
        }
        String content = text(choice.path("message").path("content"));
        if (content.isBlank()) {
            boolean cut = "length".equals(choice.path("finish_reason").asText());
            boolean reasoned = !text(choice.path("message").path("reasoning_content")).isBlank()
                    || !text(choice.path("message").path("reasoning")).isBlank();
            throw malformed("gave an empty answer" + (cut ? " (it ran out of tokens" + (reasoned ? " while reasoning" : "") + ")" : ""));
        }
        return content;
    }

    /** Content is a string; a few servers send an array of text parts instead. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder out = new StringBuilder();
            content.forEach(p -> out.append(p.path("text").asText("")));
            return out.toString();
        }
        return "";
    }

    /**
     * The server's own words: OpenAI and Ollama nest them ({@code {"error": {"message": ...}}}), older
     * vLLM puts them at the top ({@code {"object": "error", "message": ...}}), some send a bare string.
     */
    private static String errorText(String body) {
        String message;
        try {
            JsonNode json = JSON.readTree(body);
            JsonNode error = json == null ? JSON.missingNode() : json.path("error");
            message = error.isTextual() ? error.asText()
                    : error.path("message").isTextual() ? error.path("message").asText()
                    : json != null && json.path("message").isTextual() ? json.path("message").asText()
                    : json != null && json.has("detail") ? json.get("detail").toString()
                    : body;
        } catch (JsonProcessingException e) {
            message = body;
        }
        return message.isBlank() ? "" : ": " + quote(message.strip());
    }

    private LlmException malformed(String what) {
        return new LlmException(LlmException.Kind.MALFORMED, endpoint.where() + " " + what);
    }

    private static String quote(String s) {
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() <= QUOTE ? flat : flat.substring(0, QUOTE) + "...";
    }

    /** Retry-After in seconds; an HTTP-date is read as no usable wait (we do not retry on it). */
    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                long seconds = Long.parseLong(v.strip());
                return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
            } catch (NumberFormatException e) {
                return Optional.empty(); // why: an HTTP-date; not worth a clock here for a wait we would rarely fit
            }
        });
    }

    private void pause(Duration wait) throws LlmException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException(LlmException.Kind.RATE_LIMITED, endpoint.where() + " is rate-limiting requests (HTTP 429; interrupted while waiting)", e);
        }
    }
}
