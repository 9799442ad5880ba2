package dev.chatgen.render.horde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatgen.render.BackendUnavailableException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Horde's HTTP API: JSON in and out, the {@code apikey} and {@code Client-Agent} headers on every call, and
 * failures sorted early: cannot connect -> {@link BackendUnavailableException}; any other non-2xx or unreadable
 * body -> {@link HordeApiError}.
 */
final class HordeHttp {
    private static final int SNIPPET = 200;

    private final String base;
    private final String apiKey;
    private final String clientAgent;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final ObjectMapper json;

    HordeHttp(URI baseUrl, String apiKey, String clientAgent, HttpClient http, Duration requestTimeout, ObjectMapper json) {
        String text = baseUrl.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.apiKey = apiKey;
        this.clientAgent = clientAgent;
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.json = json;
    }

    String base() {
        return base;
    }

    JsonNode get(String path) {
        return call(path, request(path).GET());
    }

    JsonNode post(String path, JsonNode body) {
        try {
            byte[] bytes = json.writeValueAsBytes(body);
            return call(path, request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a Jackson tree as JSON", e);
        }
    }

    JsonNode delete(String path) {
        return call(path, request(path).DELETE());
    }

    /**
     * Downloads the finished picture. The link is a pre-signed storage URL (Cloudflare R2), so the API key is
     * not sent: it belongs to the Horde only.
     */
    byte[] download(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(requestTimeout)
                .header("Client-Agent", clientAgent).GET().build();
        HttpResponse<byte[]> response = send(request, url.toString());
        if (response.statusCode() / 100 != 2) {
            throw errorOf(url.getPath(), response.statusCode(), new String(response.body(), StandardCharsets.UTF_8), response);
        }
        return response.body();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout)
                .header("apikey", apiKey)
                .header("Client-Agent", clientAgent)
                .header("Accept", "application/json");
    }

    private JsonNode call(String path, HttpRequest.Builder builder) {
        HttpResponse<byte[]> response = send(builder.build(), base + path);
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() / 100 != 2) {
            throw errorOf(path, response.statusCode(), body, response);
        }
        try {
            JsonNode tree = json.readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw malformed(path, response.statusCode(), body);
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw malformed(path, response.statusCode(), body);
        }
    }

    private HttpResponse<byte[]> send(HttpRequest request, String where) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // connection refused, reset, DNS, or HttpTimeoutException: the Horde (or our network) is down, not the job.
            throw new BackendUnavailableException("The AI Horde cannot be reached (" + request.method() + " " + where + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("Interrupted while calling the AI Horde (" + where + ")", e);
        }
    }

    private HordeApiError errorOf(String path, int status, String body, HttpResponse<?> response) {
        String rc = "";
        String message = snippet(body);
        Map<String, String> fields = new LinkedHashMap<>();
        try {
            JsonNode tree = json.readTree(body);
            if (tree != null && tree.isObject()) {
                rc = tree.path("rc").asText("");
                message = tree.path("message").asText(message);
                tree.path("errors").properties().forEach(e -> fields.put(e.getKey(), e.getValue().asText()));
            }
        } catch (JsonProcessingException e) {
            // Proxies and the rate limiter answer with HTML or plain text; the snippet is all there is.
        }
        return new HordeApiError(path, status, rc, message, fields, retryAfter(response), false);
    }

    private static HordeApiError malformed(String path, int status, String body) {
        return new HordeApiError(path, status, "", "not JSON: " + snippet(body), Map.of(), Optional.empty(), true);
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip()))));
            } catch (NumberFormatException e) {
                return Optional.empty(); // an HTTP date: rare enough to fall back on our own wait
            }
        });
    }

    private static String snippet(String body) {
        String flat = body.strip().replaceAll("\\s+", " ");
        return flat.length() <= SNIPPET ? flat : flat.substring(0, SNIPPET) + "...";
    }
}
