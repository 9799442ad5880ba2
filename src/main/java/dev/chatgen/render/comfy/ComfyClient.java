package dev.chatgen.render.comfy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.chatgen.render.BackendUnavailableException;
import dev.chatgen.render.RenderFailedException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * HTTP and JSON with one ComfyUI server. Failures to reach it (refused, timed out, reset, 502/503/504
 * from a proxy in front) become {@link BackendUnavailableException}; everything else comes back as a
 * {@link Reply} for the caller to judge, because the same status means different things per endpoint.
 */
final class ComfyClient {
    /** ComfyUI writes JSON with Python's json module, which emits NaN/Infinity for such floats. */
    static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final int EXCERPT = 200;

    /** One answer: its status and body, and the path it answered, for messages. */
    record Reply(String path, int status, byte[] body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The start of the body on one line, for logs and messages. */
        String excerpt() {
            String flat = text().strip().replaceAll("\\s+", " ");
            return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT) + "...";
        }
    }

    private final String base;
    private final HttpClient http;
    private final Duration timeout;

    ComfyClient(URI baseUrl, HttpClient http, Duration requestTimeout) {
        String url = baseUrl.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.http = http;
        this.timeout = requestTimeout;
    }

    /** The server's address with the given path, e.g. "/history/abc". */
    URI uri(String pathAndQuery) {
        return URI.create(base + pathAndQuery);
    }

    String base() {
        return base;
    }

    Reply get(String pathAndQuery) {
        return send(request(pathAndQuery).GET().build(), pathAndQuery);
    }

    Reply postJson(String path, JsonNode body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a Jackson tree as JSON", e);
        }
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), path);
    }

    /** POSTs one file as multipart/form-data, the way a browser form does (ComfyUI reads it with aiohttp's post()). */
    Reply postFile(String path, String field, String fileName, String contentType, byte[] bytes) {
        String boundary = "----chatgen" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream(bytes.length + 256);
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: " + contentType + "\r\n\r\n";
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), path);
    }

    /** Parses a reply's body; a body that is not JSON means the server is broken or is not ComfyUI. */
    static JsonNode json(Reply reply) {
        try {
            JsonNode node = JSON.readTree(reply.body());
            if (node == null || node.isMissingNode()) {
                throw new RenderFailedException(notJson(reply), null);
            }
            return node;
        } catch (IOException e) {
            throw new RenderFailedException(notJson(reply), e);
        }
    }

    /** The reply's JSON if it is 2xx; otherwise a failure saying what the server answered. */
    static JsonNode okJson(Reply reply) {
        requireOk(reply);
        return json(reply);
    }

    static void requireOk(Reply reply) {
        if (reply.ok()) {
            return;
        }
        if (reply.status() >= 500) {
            throw new RenderFailedException("ComfyUI had an internal error (HTTP " + reply.status() + " on "
                    + reply.path() + "): " + reply.excerpt(), null);
        }
        throw new RenderFailedException("ComfyUI refused " + reply.path() + " with HTTP " + reply.status()
                + (reply.body().length == 0 ? "" : ": " + reply.excerpt()), null);
    }

    static String query(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&", "?", ""));
    }

    private static String notJson(Reply reply) {
        return "ComfyUI answered " + reply.path() + " with something that is not JSON"
                + (reply.body().length == 0 ? " (an empty body)" : ": " + reply.excerpt());
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(timeout);
    }

    private Reply send(HttpRequest request, String path) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new BackendUnavailableException("ComfyUI at " + base + " refuses connections", e);
        } catch (HttpTimeoutException e) {
            throw new BackendUnavailableException("ComfyUI at " + base + " did not answer " + path
                    + " within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new BackendUnavailableException("lost the connection to ComfyUI at " + base + " during " + path
                    + " (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // The worker is shutting down: the job was not the server's fault, so it goes back untouched.
            throw new BackendUnavailableException("interrupted while waiting for ComfyUI at " + base, e);
        }
        int status = response.statusCode();
        if (status == 502 || status == 503 || status == 504) {
            throw new BackendUnavailableException("ComfyUI at " + base + " is unavailable (HTTP " + status
                    + " on " + path + ")", null);
        }
        return new Reply(path, status, response.body());
    }
}
