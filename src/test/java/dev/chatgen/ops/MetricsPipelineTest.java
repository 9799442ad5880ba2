package dev.chatgen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatgen.bot.ChatService;
import dev.chatgen.bot.Outcome;
import dev.chatgen.chat.AttachmentFiles;
import dev.chatgen.chat.ChatTurn;
import dev.chatgen.chat.ConversationKey;
import dev.chatgen.chat.Conversations;
import dev.chatgen.chat.HistoryWindow;
import dev.chatgen.config.QueueConfig;
import dev.chatgen.queue.Doorbell;
import dev.chatgen.queue.ImageFiles;
import dev.chatgen.queue.JobPlanner;
import dev.chatgen.queue.JobQueue;
import dev.chatgen.queue.Outbox;
import dev.chatgen.queue.ReferenceImages;
import dev.chatgen.queue.Reply;
import dev.chatgen.queue.ReplyDispatcher;
import dev.chatgen.queue.ReplySink;
import dev.chatgen.queue.WorkerPool;
import dev.chatgen.render.RecipeCardBackend;
import dev.chatgen.store.Database;
import dev.chatgen.testing.SharedEngine;
import dev.chatgen.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chat message through the real queue, engine, worker pool and dispatcher moves the numbers /metrics shows. */
class MetricsPipelineTest {
    private static final QueueConfig CONFIG = new QueueConfig(3, Duration.ofMillis(50), Duration.ofSeconds(2), 5,
            Duration.ofSeconds(60), Duration.ofMillis(20), Duration.ofMillis(300));
    private static final ConversationKey ANN = new ConversationKey("ops-test", "g", "c", "", "ann");

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private final Doorbell work = new Doorbell();
    private final Doorbell replies = new Doorbell();
    private final Metrics registry = new Metrics();
    private final ChatgenMetrics metrics = new ChatgenMetrics(registry);
    private final List<Reply> posted = new CopyOnWriteArrayList<>();
    private Database db;
    private WorkerPool pool;
    private ReplyDispatcher dispatcher;
    private Thread dispatcherThread;
    private OpsServer server;

    @AfterEach
    void stop() throws InterruptedException {
        if (pool != null) {
            pool.shutdown(Duration.ofSeconds(2));
        }
        if (dispatcher != null) {
            dispatcher.stop();
            dispatcherThread.join(2000);
        }
        server.close();
        db.close();
    }

    @Test
    void aJobThroughTheWholePipeline_movesTheCountsOnMetrics() throws Exception {
        db = TestDatabases.open(TestDatabases.Kind.H2, dir);
        Conversations conversations = new Conversations(db, new AttachmentFiles(dir.resolve("attachments")),
                new HistoryWindow(Duration.ofMinutes(30), 8));
        JobQueue queue = new JobQueue(db, CONFIG, clock, work, replies);
        metrics.readQueue(queue::depth);
        Outbox outbox = new Outbox(db, clock, SharedEngine.catalog());
        ChatService chat = new ChatService(conversations, queue, outbox, clock);
        server = OpsServer.start(0, new Health(db, Map.of("recipe", new RecipeCardBackend()), Duration.ofSeconds(3)), registry);
        SharedEngine.engine(); // trained (or loaded) before the clock of the first job starts

        long job = assertInstanceOf(Outcome.Queued.class,
                chat.request(ChatTurn.of(ANN, "a cozy cabin in the snow, like a real photo", List.of(), "channel-c"))).jobId();
        Thread.sleep(20);
        Exposition waiting = scrape();
        assertEquals(1, waiting.value("chatgen_queue_jobs", Map.of("state", "queued")), "no worker yet: the job waits");
        assertTrue(waiting.value("chatgen_queue_oldest_wait_seconds") > 0);
        assertEquals(0, waiting.value("chatgen_stage_seconds_count", Map.of("stage", "prompt")));

        pool = new WorkerPool(queue, new JobPlanner(SharedEngine.engine(), conversations, db), List.of(new RecipeCardBackend()), null,
                ReferenceImages.NONE, new ImageFiles(dir.resolve("images")), outbox, "ops-test", work, clock, metrics);
        pool.start();
        dispatcher = new ReplyDispatcher(outbox, sink(), "ops-test", replies, CONFIG.pollInterval(), metrics);
        dispatcherThread = new Thread(dispatcher, "ops-test-replies");
        dispatcherThread.start();
        waitFor(() -> posted.stream().anyMatch(r -> r.jobId() == job), "the reply");
        waitFor(() -> scrape().value("chatgen_queue_jobs", Map.of("state", "queued")) == 0, "the queue gauge to catch up");

        Exposition done = scrape();
        assertEquals(1, done.value("chatgen_renders_total", Map.of("backend", "recipe", "outcome", "done")));
        assertEquals(1, done.value("chatgen_replies_delivered_total", Map.of("platform", "ops-test")));
        assertEquals(1, done.value("chatgen_queue_wait_seconds_count"));
        assertTrue(done.value("chatgen_queue_wait_seconds_sum") >= 0.02, "it waited for a worker");
        for (String stage : List.of("prompt", "model", "arguments", "render")) {
            assertEquals(1, done.value("chatgen_stage_seconds_count", Map.of("stage", stage)), stage);
        }
        assertTrue(done.value("chatgen_stage_seconds_sum", Map.of("stage", "model")) > 0);
        for (String kind : List.of("render_failed", "backend_unreachable", "plan_failed", "reply_failed")) {
            assertEquals(0, done.value("chatgen_errors_total", Map.of("kind", kind)), kind);
        }
        assertEquals(0, done.value("chatgen_queue_jobs", Map.of("state", "rendering")));
        assertEquals(0, done.value("chatgen_queue_oldest_wait_seconds"));
    }

    private Exposition scrape() {
        try {
            var r = Http.get(server.port(), "/metrics");
            assertEquals(200, r.statusCode());
            return Exposition.parse(r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private ReplySink sink() {
        return new ReplySink() {
            @Override
            public String platform() {
                return "ops-test";
            }

            @Override
            public String deliver(Reply reply) {
                posted.add(reply);
                return "msg-" + reply.jobId();
            }
        };
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
