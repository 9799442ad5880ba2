package dev.chatgen.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatgen.render.BackendUnavailableException;
import dev.chatgen.render.ImageBackend;
import dev.chatgen.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether this process can work: the database answers a {@code SELECT 1} (else it is unhealthy),
 * and how each image backend answers (asked at most every {@link #BACKEND_ANSWER_REUSE}). An
 * unreachable backend is reported but is not unhealthy: its jobs wait for it, and restarting the
 * bot would not bring it back.
 */
public final class Health implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Health.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String OK = "ok";
    /** A backend's answer stands this long: a health check every few seconds must not load the AI Horde or a GPU box. */
    static final Duration BACKEND_ANSWER_REUSE = Duration.ofSeconds(15);

    private final TimedCheck database;
    private final Map<String, TimedCheck> backends = new LinkedHashMap<>();
    private final Map<String, ImageBackend> owned;
    private final Duration limit;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "health-check");
        t.setDaemon(true); // a probe stuck on a dead server must not keep the process alive
        return t;
    });
    private volatile boolean lastHealthy = true;

    /** What /healthz answers. */
    public record Report(boolean healthy, String database, Map<String, String> backends) {
        public Report {
            backends = Collections.unmodifiableMap(new LinkedHashMap<>(backends));
        }

        public String json() {
            ObjectNode root = JSON.createObjectNode();
            root.put("status", healthy ? "ok" : "unhealthy");
            root.put("database", database);
            ObjectNode b = root.putObject("backends");
            backends.forEach(b::put);
            return root.toString();
        }
    }

    /**
     * @param backends one client per backend endpoint, by the name /healthz shows ("a1111 http://gpu:7860");
     *                 closed with this when closeable
     * @param limit    the longest /healthz waits for any one answer
     */
    public Health(Database db, Map<String, ImageBackend> backends, Duration limit) {
        this.database = new TimedCheck(() -> database(db, limit), Duration.ZERO);
        this.owned = new LinkedHashMap<>(backends);
        this.limit = limit;
        backends.forEach((name, backend) -> this.backends.put(name, new TimedCheck(() -> backend(backend), BACKEND_ANSWER_REUSE)));
    }

    public Report check() {
        long deadline = System.nanoTime() + limit.toNanos();
        CompletableFuture<String> db = database.start(threads);
        Map<String, CompletableFuture<String>> asked = new LinkedHashMap<>();
        backends.forEach((name, check) -> asked.put(name, check.start(threads)));
        String dbStatus = await(db, deadline);
        Map<String, String> answers = new LinkedHashMap<>();
        asked.forEach((name, f) -> answers.put(name, await(f, deadline)));
        boolean healthy = OK.equals(dbStatus);
        if (healthy != lastHealthy) {
            lastHealthy = healthy;
            if (healthy) {
                LOG.info("Health: the database answers again");
            } else {
                LOG.warn("Health: unhealthy, the database does not answer ({})", dbStatus);
            }
        }
        return new Report(healthy, dbStatus, answers);
    }

    private String await(CompletableFuture<String> answer, long deadline) {
        try {
            return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return "no answer within " + (limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms");
        } catch (ExecutionException e) {
            return "error: " + e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "error: interrupted";
        }
    }

    private static String database(Database db, Duration limit) {
        try {
            return db.inTransaction("health check", c -> {
                try (Statement s = c.createStatement()) {
                    s.setQueryTimeout((int) Math.max(1, limit.toSeconds()));
                    s.execute("SELECT 1");
                }
                return OK;
            });
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "unreachable: " + cause.getMessage();
        }
    }

    /** Listing its models doubles as a backend's health check (and is cached by the clients). */
    private static String backend(ImageBackend backend) {
        try {
            backend.installedModels();
            return OK;
        } catch (BackendUnavailableException e) {
            return "unreachable: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        threads.shutdownNow(); // probes are HTTP calls and a SELECT 1: nothing to finish
        for (ImageBackend backend : owned.values()) {
            if (backend instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.debug("Closing health probe {} failed: {}", backend.name(), e.getMessage());
                }
            }
        }
    }
}
