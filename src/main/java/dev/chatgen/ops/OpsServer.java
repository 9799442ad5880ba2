package dev.chatgen.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code GET /healthz} (200, or 503 when the database does not answer) and {@code GET /metrics}
 * (Prometheus text) on the JDK's HTTP server, on every interface, so that a container's health
 * check and a Prometheus elsewhere both reach it.
 */
public final class OpsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);

    private final HttpServer server;
    private final ExecutorService threads;
    private final Health health;

    private OpsServer(HttpServer server, ExecutorService threads, Health health) {
        this.server = server;
        this.threads = threads;
        this.health = health;
    }

    /**
     * Serves until {@link #close()}, which also closes {@code health}.
     *
     * @param port 0 picks a free one ({@link #port()} tells which)
     * @throws HttpPortException the port is taken or not allowed
     */
    public static OpsServer start(int port, Health health, Metrics metrics) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 16);
        } catch (BindException e) {
            throw new HttpPortException(cannotBind(port, e), e);
        } catch (IOException e) {
            throw new HttpPortException("Cannot serve /healthz and /metrics on port " + port + ": " + e.getMessage(), e);
        }
        // Two threads: a /healthz waiting on a slow backend must not hold up a scrape.
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "ops-http");
            t.setDaemon(true);
            return t;
        });
        server.createContext("/", exchange -> {
            try (exchange) {
                route(exchange, health, metrics);
            } catch (IOException | RuntimeException e) {
                LOG.debug("Answering {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage());
            }
        });
        server.setExecutor(threads);
        server.start();
        return new OpsServer(server, threads, health);
    }

    private static String cannotBind(int port, BindException e) {
        String why = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("permission")
                ? "this user may not open it (ports below 1024 need root); pick a port above 1023"
                : "another process listens there (another chatgen serve or worker on this machine?); stop it, or pick another port";
        return "Cannot serve /healthz and /metrics on port " + port + " (http.port, CHATGEN_HTTP_PORT): " + why
                + ". 0 picks a free port.";
    }

    private static void route(HttpExchange exchange, Health health, Metrics metrics) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!path.equals("/healthz") && !path.equals("/metrics")) {
            send(exchange, 404, "text/plain; charset=utf-8", "Not found: " + path + " (this port serves /healthz and /metrics)\n");
            return;
        }
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            send(exchange, 405, "text/plain; charset=utf-8", "Method " + method + " not allowed; use GET\n");
            return;
        }
        if (path.equals("/healthz")) {
            Health.Report report = health.check();
            send(exchange, report.healthy() ? 200 : 503, "application/json", report.json() + "\n");
        } else {
            send(exchange, 200, PrometheusText.CONTENT_TYPE, metrics.scrape());
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The port it listens on (the one picked, when started with 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdown();
        health.close();
    }
}
