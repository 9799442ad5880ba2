package dev.chatgen.render.a1111;

import dev.chatgen.render.BackendUnavailableException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * HTTP to one AUTOMATIC1111 server: joins paths to the base URL, adds the {@code --api-auth} basic
 * credentials, and turns "could not talk to it at all" into {@link BackendUnavailableException}.
 * What a reply means (status codes, error bodies) is {@link A1111Replies}' job.
 */
final class A1111Client {

    /** A status and body as the server sent them. */
    record Reply(String path, int status, String body) {
    }

    private final String base;
    private final Optional<String> authorization;
    private final HttpClient http;
    private final Duration timeout;

    A1111Client(URI baseUrl, String auth, HttpClient http, Duration timeout) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(auth, "auth");
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.base = baseUrl.toString().replaceAll("/+$", "");
        if (!auth.isEmpty() && auth.indexOf(':') < 1) {
            throw new IllegalArgumentException("render.a1111.auth must be \"user:password\" as given to --api-auth, or empty");
        }
        this.authorization = auth.isEmpty() ? Optional.empty()
                : Optional.of("Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)));
    }

    String base() {
        return base;
    }

    Reply get(String path, Duration within) {
        return send(path, within, request(path, within).GET().build());
    }

    /** Sends without waiting, so the caller can poll progress meanwhile. */
    CompletableFuture<Reply> postAsync(String path, String json) {
        HttpRequest request = request(path, timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(response -> reply(path, response));
    }

    Reply post(String path, String json, Duration within) {
        return send(path, within, request(path, within)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build());
    }

    private Reply send(String path, Duration within, HttpRequest request) {
        try {
            return reply(path, http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw unreachable(path, e, within);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted while waiting for the AUTOMATIC1111 server at " + base, e);
        }
    }

    /** The exception for a render request that got no reply: refused, timed out, reset. */
    BackendUnavailableException unreachable(String path, Throwable failure) {
        return unreachable(path, failure, timeout);
    }

    private BackendUnavailableException unreachable(String path, Throwable failure, Duration within) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String why;
        if (cause instanceof HttpTimeoutException) {
            why = "did not answer " + path + " within " + readable(within);
        } else if (cause instanceof ConnectException) {
            why = "cannot be reached (connection refused); is the web UI running with --api?";
        } else {
            why = "cannot be reached (" + cause + ")";
        }
        return new BackendUnavailableException("The AUTOMATIC1111 server at " + base + " " + why, cause);
    }

    private HttpRequest.Builder request(String path, Duration within) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(within)
                .header("Accept", "application/json");
        authorization.ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    private static Reply reply(String path, HttpResponse<String> response) {
        return new Reply(path, response.statusCode(), response.body() == null ? "" : response.body());
    }

    static String readable(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
