package dev.chatgen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatgen.render.ImageBackend;
import dev.chatgen.render.RecipeCardBackend;
import dev.chatgen.store.Database;
import dev.chatgen.testing.TestDatabases;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /healthz and /metrics over real HTTP, on a real database. */
class OpsServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Database db;
    private OpsServer server;
    private final Metrics metrics = new Metrics();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (db != null) {
            try {
                db.close();
            } catch (RuntimeException alreadyClosed) {
                // the 503 test closed it
            }
        }
    }

    private int start(Map<String, ImageBackend> backends, Duration limit) {
        db = TestDatabases.open(TestDatabases.Kind.H2, dir);
        server = OpsServer.start(0, new Health(db, backends, limit), metrics);
        return server.port();
    }

    @Test
    void healthz_isOk_withTheDatabaseAndEachBackend_andAnUnreachableGpuIsReportedButNotUnhealthy() throws Exception {
        FakeBackend down = new FakeBackend();
        down.unreachable = "cannot connect to http://gpu:7860 (Connection refused)";
        Map<String, ImageBackend> backends = new LinkedHashMap<>();
        backends.put("recipe", new RecipeCardBackend());
        backends.put("a1111 http://gpu:7860", down);
        int port = start(backends, Duration.ofSeconds(3));

        HttpResponse<String> r = Http.get(port, "/healthz");

        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("ok", body.get("status").asText());
        assertEquals("ok", body.get("database").asText());
        assertEquals("ok", body.get("backends").get("recipe").asText());
        assertEquals("unreachable: cannot connect to http://gpu:7860 (Connection refused)",
                body.get("backends").get("a1111 http://gpu:7860").asText());
    }

    @Test
    void healthz_is503_whenTheDatabaseDoesNotAnswer() throws Exception {
        int port = start(Map.of("recipe", new RecipeCardBackend()), Duration.ofSeconds(3));
        assertEquals(200, Http.get(port, "/healthz").statusCode());

        db.close();
        HttpResponse<String> r = Http.get(port, "/healthz");

        assertEquals(503, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("unhealthy", body.get("status").asText());
        assertTrue(body.get("database").asText().startsWith("unreachable: "), r.body());
        assertEquals("ok", body.get("backends").get("recipe").asText(), "backends are still reported");
    }

    @Test
    void aBackendsAnswer_isReusedForAWhile_butTheDatabaseIsAskedEveryTime() throws Exception {
        FakeBackend horde = new FakeBackend();
        int port = start(Map.of("horde https://aihorde.net/api", horde), Duration.ofSeconds(3));

        for (int i = 0; i < 3; i++) {
            assertEquals(200, Http.get(port, "/healthz").statusCode());
        }
        assertEquals(1, horde.asked.get(), "asked once in " + Health.BACKEND_ANSWER_REUSE);
    }

    @Test
    void aBackendThatHangs_doesNotHoldUpHealthz_andIsAskedOnceUntilItAnswers() throws Exception {
        FakeBackend stuck = new FakeBackend();
        stuck.hang = new CountDownLatch(1);
        int port = start(Map.of("comfyui http://gpu:8188", stuck), Duration.ofMillis(300));
        try {
            long t0 = System.nanoTime();
            HttpResponse<String> first = Http.get(port, "/healthz");
            HttpResponse<String> second = Http.get(port, "/healthz");
            long tookMs = (System.nanoTime() - t0) / 1_000_000;

            assertEquals(200, first.statusCode(), first.body());
            assertEquals("no answer within 300 ms", JSON.readTree(first.body()).get("backends").get("comfyui http://gpu:8188").asText());
            assertEquals(200, second.statusCode());
            assertTrue(tookMs < 5_000, "answered in " + tookMs + " ms");
            assertEquals(1, stuck.asked.get(), "the second check joins the probe still running");
        } finally {
            stuck.hang.countDown();
        }
    }

    @Test
    void metrics_isPrometheusText_thatParsesLineByLine() throws Exception {
        ChatgenMetrics chatgen = new ChatgenMetrics(metrics);
        chatgen.readQueue(() -> new QueueDepth(3, 1, 2, Duration.ofMillis(1500)));
        chatgen.renderEnded("a1111", ChatgenMetrics.RenderOutcome.UNREACHABLE);
        chatgen.replyDelivered("discord");
        int port = start(Map.of(), Duration.ofSeconds(3));

        HttpResponse<String> r = Http.get(port, "/metrics");

        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        Exposition parsed = Exposition.parse(r.body());
        assertTrue(parsed.families.keySet().stream().allMatch(n -> n.startsWith("chatgen_")), parsed.families.keySet().toString());
        assertEquals(3, parsed.value("chatgen_queue_jobs", Map.of("state", "queued")));
        assertEquals(2, parsed.value("chatgen_queue_jobs", Map.of("state", "rendering")));
        assertEquals(1.5, parsed.value("chatgen_queue_oldest_wait_seconds"));
        assertEquals(1, parsed.value("chatgen_renders_total", Map.of("backend", "a1111", "outcome", "unreachable")));
        assertEquals(1, parsed.value("chatgen_errors_total", Map.of("kind", "backend_unreachable")));
        assertEquals(0, parsed.value("chatgen_errors_total", Map.of("kind", "reply_failed")));
        assertEquals(1, parsed.value("chatgen_replies_delivered_total", Map.of("platform", "discord")));
        assertEquals(0, parsed.value("chatgen_stage_seconds_count", Map.of("stage", "render")));
    }

    @Test
    void otherPaths_are404_andOtherMethods_405() throws Exception {
        int port = start(Map.of(), Duration.ofSeconds(3));

        assertEquals(404, Http.get(port, "/").statusCode());
        assertEquals(404, Http.get(port, "/healthz/extra").statusCode());
        HttpResponse<String> post = Http.call("POST", port, "/metrics");
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
        assertEquals(405, Http.call("DELETE", port, "/healthz").statusCode());
        assertEquals(200, Http.call("HEAD", port, "/healthz").statusCode());
    }

    @Test
    void aPortInUse_isRefusedWithWhatToDo() throws Exception {
        db = TestDatabases.open(TestDatabases.Kind.H2, dir);
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            Health health = new Health(db, Map.of(), Duration.ofSeconds(1));
            HttpPortException e = assertThrows(HttpPortException.class, () -> OpsServer.start(port, health, metrics));
            health.close();

            assertTrue(e.getMessage().startsWith("Cannot serve /healthz and /metrics on port " + port + " (http.port, CHATGEN_HTTP_PORT)"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("another process listens there"), e.getMessage());
            assertTrue(e.getMessage().endsWith("0 picks a free port."), e.getMessage());
        }
    }
}
