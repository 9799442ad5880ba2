package dev.chatgen.adapter.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * HTTP mode: Slack posts events, slash commands and button clicks to {@code /slack/events}; each
 * request is handed to Bolt as it arrived (Bolt checks the signature and the timestamp, answers
 * url_verification and ssl_check) and Bolt's answer goes back. The JDK's HTTP server is enough:
 * the handlers return at once, the work runs elsewhere.
 */
final class SlackHttpEndpoint implements AutoCloseable {
    static final String PATH = "/slack/events";
    private static final Logger LOG = LoggerFactory.getLogger(SlackHttpEndpoint.class);
    /** Slack's payloads are a few KB; anything this large is not from Slack. */
    private static final int MAX_BODY = 1 << 20;

    private final HttpServer server;
    private final ExecutorService threads;

    private SlackHttpEndpoint(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    static SlackHttpEndpoint start(App app, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 64);
        SlackRequestParser parser = new SlackRequestParser(app.config());
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(app, parser, exchange);
            } catch (RuntimeException e) {
                LOG.error("Slack: handling {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage(), e);
            }
        });
        ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "slack-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.start();
        return new SlackHttpEndpoint(server, threads);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void handle(App app, SlackRequestParser parser, HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(PATH)) {
            reply(exchange, 404, "text/plain", "Not found: Slack's requests go to " + PATH);
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            reply(exchange, 405, "text/plain", "Slack's requests are POSTs");
            return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            reply(exchange, 413, "text/plain", "Too large for a Slack request");
            return;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
        Request<?> request = parser.parse(SlackRequestParser.HttpRequest.builder()
                .requestUri(exchange.getRequestURI().getPath())
                .queryString(query(exchange.getRequestURI().getRawQuery()))
                .headers(new RequestHeaders(headers))
                .requestBody(new String(body, StandardCharsets.UTF_8))
                .remoteAddress(exchange.getRemoteAddress().getAddress().getHostAddress())
                .build());
        if (request == null) {
            reply(exchange, 400, "text/plain", "Not a Slack request");
            return;
        }
        Response response;
        try {
            response = app.run(request);
        } catch (Exception e) {
            LOG.error("Slack: Bolt failed on a {} request: {}", request.getRequestType(), e.getMessage(), e);
            reply(exchange, 500, "text/plain", "Internal error");
            return;
        }
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
        }
        reply(exchange, response.getStatusCode() == null ? 200 : response.getStatusCode(),
                response.getContentType() == null ? "text/plain" : response.getContentType(),
                response.getBody() == null ? "" : response.getBody());
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(1);
        threads.shutdown();
    }
}
