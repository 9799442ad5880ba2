package dev.chatgen.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatgen.app.Main;
import dev.chatgen.bot.ChatService;
import dev.chatgen.bot.Outcome;
import dev.chatgen.chat.AttachmentFiles;
import dev.chatgen.chat.ChatTurn;
import dev.chatgen.chat.ConversationKey;
import dev.chatgen.chat.Conversations;
import dev.chatgen.chat.HistoryWindow;
import dev.chatgen.config.QueueConfig;
import dev.chatgen.config.StoreConfig;
import dev.chatgen.store.Database;
import dev.chatgen.store.DatabaseOpener;
import dev.chatgen.testing.ChildJvm;
import dev.chatgen.testing.SharedEngine;
import dev.chatgen.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker processes (separate JVMs running {@code chatgen worker}) that crash or share the queue:
 * every job is done, none is lost, and every reply is posted exactly once.
 */
class ReliabilityTest {
    private static final QueueConfig SUBMITTER = new QueueConfig(5, Duration.ofMillis(100), Duration.ofSeconds(2), 10_000,
            Duration.ofSeconds(60), Duration.ofMillis(50), Duration.ofSeconds(5));
    private static final String[] REQUESTS = {
        "a cozy cabin in the snow, like a real photo", "a cute cartoon fox with big eyes", "a watercolor lighthouse at dusk",
        "cyberpunk city street at night, neon", "a portrait of an old sailor, oil painting", "an anime girl with silver hair",
    };

    @TempDir
    Path dir;

    /** The test side: submits jobs like an adapter and posts their replies to a recording platform. */
    private final class Bot implements AutoCloseable {
        final Database db;
        final JobQueue queue;
        final ChatService chat;
        final RecordingSink sink = new RecordingSink();
        final ReplyDispatcher dispatcher;
        final Thread thread;

        Bot(StoreConfig store) {
            db = DatabaseOpener.open(store, 6, List.of());
            Clock clock = Clock.systemUTC();
            Doorbell replies = new Doorbell();
            queue = new JobQueue(db, SUBMITTER, clock, new Doorbell(), replies);
            Outbox outbox = new Outbox(db, clock, SharedEngine.catalog());
            chat = new ChatService(new Conversations(db, new AttachmentFiles(dir.resolve("attachments")),
                    new HistoryWindow(Duration.ofMinutes(30), 8)), queue, outbox, clock);
            dispatcher = new ReplyDispatcher(outbox, sink, "test-bot", replies, Duration.ofMillis(50));
            thread = new Thread(dispatcher, "test-dispatcher");
            thread.start();
        }

        List<Long> submit(int jobs) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                ConversationKey key = new ConversationKey("test", "g", "c" + (i % 7), "", "user" + (i % 40));
                Outcome o = chat.request(new ChatTurn(key, REQUESTS[i % REQUESTS.length], List.of(), Optional.of("m" + i),
                        Optional.empty(), "target-" + i));
                ids.add(((Outcome.Queued) o).jobId());
            }
            return ids;
        }

        long count(JobStatus status) {
            return queue.counts().getOrDefault(status, 0L);
        }

        void awaitDone(int jobs, Duration timeout, List<ChildJvm> workers) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (count(JobStatus.DONE) < jobs || sink.visibleByKey.size() < jobs) {
                if (System.nanoTime() > deadline) {
                    StringBuilder logs = new StringBuilder();
                    for (ChildJvm w : workers) {
                        String out = w.output();
                        logs.append(out, Math.max(0, out.length() - 3000), out.length()).append("\n---\n");
                    }
                    throw new AssertionError("only " + count(JobStatus.DONE) + " of " + jobs + " done, " + sink.visibleByKey.size()
                            + " posted; states " + queue.counts() + "\n" + logs);
                }
                Thread.sleep(100);
            }
        }

        /** Every job posted once as the platform shows it, and what it took to get there. */
        void assertEachPostedOnce(List<Long> ids) throws InterruptedException {
            Thread.sleep(300); // a late double post would show up now
            assertEquals(ids.size(), sink.visibleByKey.size());
            Map<Long, Long> postsPerJob = sink.posts.stream().collect(Collectors.groupingBy(Reply::jobId, Collectors.counting()));
            assertEquals(ids.size(), postsPerJob.size());
            assertEquals(Map.of(), postsPerJob.entrySet().stream().filter(e -> e.getValue() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "jobs posted more than once");
            assertTrue(sink.posts.stream().allMatch(Reply::done), "every reply is a finished picture");
            assertEquals(0, count(JobStatus.FAILED));
        }

        @Override
        public void close() throws InterruptedException {
            dispatcher.stop();
            thread.join(5000);
            db.close();
        }
    }

    private Path workerConfig(String storeUrl, int slots) throws Exception {
        Path cfg = dir.resolve("worker-" + slots + ".yaml");
        Files.writeString(cfg, String.join("\n", SharedEngine.configLines()) + "\n" + String.join("\n",
                "render:",
                "  out-dir: " + dir.resolve("images"),
                "  slots: " + slots,
                "store:",
                "  url: \"" + storeUrl + "\"",
                "  attachments-dir: " + dir.resolve("attachments"),
                "queue:",
                "  lease: 2s",
                "  retry-backoff: 100ms",
                "  poll-interval: 50ms",
                "  shutdown-grace: 5s",
                "http:",
                "  port: 0", // two workers side by side: each its own free port for /healthz
                "log:",
                "  level: warn",
                ""));
        return cfg;
    }

    private ChildJvm worker(Path config, String name) throws Exception {
        return ChildJvm.start(dir.resolve(name + ".log"), Map.of(), Main.class.getName(), "worker", "--config", config.toString());
    }

    @Test
    void killingAWorkerMidRun_losesNothing_andPostsNothingTwice() throws Exception {
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dir.toString()).start();
        String url = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/chatgen";
        List<ChildJvm> workers = new ArrayList<>();
        try (Bot bot = new Bot(new StoreConfig(url, dir.resolve("unused"), "sa", "", Optional.empty(), dir.resolve("attachments")))) {
            List<Long> ids = bot.submit(500);
            Path config = workerConfig(url, 2);

            ChildJvm first = worker(config, "first");
            workers.add(first);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            // Kill it while it renders, so that its lease has to expire (a plan in flight just rolls back).
            while ((bot.count(JobStatus.DONE) < 150 || bot.count(JobStatus.RENDERING) == 0) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            first.kill();
            long doneAtKill = bot.count(JobStatus.DONE);
            long heldByTheDead = bot.count(JobStatus.RENDERING);
            assertTrue(doneAtKill >= 150 && doneAtKill < 500, "killed in the middle, after " + doneAtKill + " jobs");

            ChildJvm second = worker(config, "second");
            workers.add(second);
            bot.awaitDone(500, Duration.ofMinutes(3), workers);
            bot.assertEachPostedOnce(ids);
            if (heldByTheDead > 0) { // almost always: the render can end between the look and the kill
                assertTrue(second.output().contains("stopped renewing its lease"), "the survivor took back the dead worker's jobs");
            }

            assertEquals(0, second.terminate(Duration.ofSeconds(30)), "SIGTERM is a clean stop");
        } finally {
            for (ChildJvm w : workers) {
                w.close();
            }
            h2.stop();
        }
    }

    @Test
    void twoWorkerProcessesOnPostgres_doEachJobExactlyOnce() throws Exception {
        StoreConfig store = TestDatabases.store(TestDatabases.Kind.POSTGRESQL, dir);
        List<ChildJvm> workers = new ArrayList<>();
        try (Bot bot = new Bot(store)) {
            List<Long> ids = bot.submit(1000);
            Path config = workerConfig(store.url(), 2);
            workers.add(worker(config, "pg-a"));
            workers.add(worker(config, "pg-b"));
            bot.awaitDone(1000, Duration.ofMinutes(4), workers);
            bot.assertEachPostedOnce(ids);

            for (ChildJvm w : workers) {
                assertEquals(0, w.terminate(Duration.ofSeconds(30)));
            }
            assertEquals(1000, countImagesByDistinctJob(bot.db));
        } finally {
            for (ChildJvm w : workers) {
                w.close();
            }
        }
    }

    private static int countImagesByDistinctJob(Database db) {
        return db.inTransaction("count images", c -> {
            try (var r = c.createStatement().executeQuery("SELECT COUNT(DISTINCT job_id), COUNT(*) FROM image")) {
                r.next();
                assertEquals(r.getInt(1), r.getInt(2), "one image row per job");
                return r.getInt(1);
            }
        });
    }
}
