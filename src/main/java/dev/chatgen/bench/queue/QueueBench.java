package dev.chatgen.bench.queue;

import dev.chatgen.bench.metrics.Percentiles;
import dev.chatgen.bot.ChatService;
import dev.chatgen.bot.Outcome;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.chat.AttachmentFiles;
import dev.chatgen.chat.ChatTurn;
import dev.chatgen.chat.ConversationKey;
import dev.chatgen.chat.Conversations;
import dev.chatgen.chat.HistoryWindow;
import dev.chatgen.config.QueueConfig;
import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.queue.Doorbell;
import dev.chatgen.queue.ImageFiles;
import dev.chatgen.queue.JobQueue;
import dev.chatgen.queue.JobStatus;
import dev.chatgen.queue.Outbox;
import dev.chatgen.queue.Planner;
import dev.chatgen.queue.Reply;
import dev.chatgen.queue.ReplyDispatcher;
import dev.chatgen.queue.ReplySink;
import dev.chatgen.queue.WorkerPool;
import dev.chatgen.render.ImageBackend;
import dev.chatgen.render.RenderProgress;
import dev.chatgen.render.RenderRequest;
import dev.chatgen.render.RenderedImage;
import dev.chatgen.store.Database;
import dev.chatgen.store.Sql;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Measures the queue: a request's way from "message stored" to "job done" (timestamps the database
 * itself records), one at a time for latency, then many at once for throughput. With the real
 * stages the engine's and backend's own time is measured separately, so what remains is the
 * queue's overhead; with instant stand-ins the whole time is overhead.
 */
public final class QueueBench {
    /** {@code warmup}: jobs run first and not measured, so the JIT has compiled the path being timed. */
    public record Settings(int warmup, int latencyJobs, int throughputJobs, int workers, boolean realStages) {
    }

    public record Result(Percentiles latency, Percentiles overhead, int throughputJobs, Duration span, int posted,
                         long failed) {
        public double jobsPerSecond() {
            return throughputJobs / (span.toNanos() / 1e9);
        }
    }

    private final Database db;
    private final ModelCatalog catalog;
    private final Path imagesDir;
    private final Path attachmentsDir;

    public QueueBench(Database db, ModelCatalog catalog, Path imagesDir, Path attachmentsDir) {
        this.db = db;
        this.catalog = catalog;
        this.imagesDir = imagesDir;
        this.attachmentsDir = attachmentsDir;
    }

    /**
     * @param realPlanner the engine-backed planner when {@code settings.realStages()}, built by the caller
     * @param realBackend one plan-card backend per slot when {@code settings.realStages()}
     */
    public Result run(Settings settings, Supplier<Planner> realPlanner, Supplier<ImageBackend> realBackend) throws InterruptedException {
        QueueConfig config = new QueueConfig(3, Duration.ofSeconds(1), Duration.ofSeconds(30), 10_000,
                Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofSeconds(10));
        Clock clock = Clock.systemUTC();
        Doorbell work = new Doorbell();
        Doorbell replies = new Doorbell();
        Conversations conversations = new Conversations(db, new AttachmentFiles(attachmentsDir), new HistoryWindow(Duration.ofMinutes(30), 8));
        JobQueue queue = new JobQueue(db, config, clock, work, replies);
        Outbox outbox = new Outbox(db, clock, catalog);
        ChatService chat = new ChatService(conversations, queue, outbox, clock);
        Queue<Long> renderNanos = new ConcurrentLinkedQueue<>();
        Planner planner = settings.realStages() ? realPlanner.get() : InstantStages.planner(catalog);
        Supplier<ImageBackend> backends = () -> timed(settings.realStages() ? realBackend.get() : InstantStages.backend(), renderNanos);
        WorkerPool pool = new WorkerPool(queue, planner, backends, new ImageFiles(imagesDir), outbox, settings.workers(),
                "bench", work, clock);
        AtomicInteger posted = new AtomicInteger();
        ReplyDispatcher dispatcher = new ReplyDispatcher(outbox, countingSink(posted), "bench", replies, config.pollInterval());
        Thread dispatching = new Thread(dispatcher, "bench-replies");
        pool.start();
        dispatching.start();
        try {
            for (int i = 0; i < settings.warmup(); i++) {
                awaitFinished(queue, replies, List.of(submit(chat, i)));
            }
            renderNanos.clear();
            // Latency: one request at a time, so nothing waits behind anything else.
            List<Long> sequential = new ArrayList<>();
            for (int i = 0; i < settings.latencyJobs(); i++) {
                long job = submit(chat, settings.warmup() + i);
                awaitFinished(queue, replies, List.of(job));
                sequential.add(job);
            }
            List<Timing> timings = timings(sequential);
            List<Duration> latency = timings.stream().map(Timing::total).toList();
            List<Long> renders = new ArrayList<>(renderNanos);
            List<Duration> overhead = new ArrayList<>();
            for (int i = 0; i < timings.size(); i++) {
                long stageNanos = timings.get(i).planMicros() * 1000 + (i < renders.size() ? renders.get(i) : 0);
                overhead.add(timings.get(i).total().minusNanos(stageNanos));
            }

            // Throughput: everyone at once, from many people.
            int before = posted.get();
            List<Long> burst = new ArrayList<>();
            for (int i = 0; i < settings.throughputJobs(); i++) {
                burst.add(submit(chat, settings.warmup() + settings.latencyJobs() + i));
            }
            awaitFinished(queue, replies, burst);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (posted.get() - before < burst.size() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Duration span = span(burst);
            long failed = queue.counts().getOrDefault(JobStatus.FAILED, 0L);
            return new Result(Percentiles.of(latency), Percentiles.of(overhead), burst.size(), span, posted.get() - before, failed);
        } finally {
            pool.shutdown(Duration.ofSeconds(5));
            dispatcher.stop();
            dispatching.join(5000);
        }
    }

    private static final String[] REQUESTS = {
        "a cozy cabin in the snow, like a real photo", "a cute cartoon fox with big eyes", "a watercolor lighthouse at dusk",
        "cyberpunk city street at night, neon", "a portrait of an old sailor, oil painting", "an anime girl with silver hair",
    };

    private static long submit(ChatService chat, int i) {
        ConversationKey key = new ConversationKey("bench", "w", "c" + (i % 16), "", "user" + (i % 50));
        Outcome o = chat.request(ChatTurn.of(key, REQUESTS[i % REQUESTS.length], List.of(), "bench"));
        if (o instanceof Outcome.Queued q) {
            return q.jobId();
        }
        throw new IllegalStateException("the benchmark's request was not queued: " + o);
    }

    private static void awaitFinished(JobQueue queue, Doorbell replies, List<Long> jobs) throws InterruptedException {
        while (true) {
            long mark = replies.mark();
            boolean finished = jobs.size() == 1
                    ? queue.state(jobs.get(0)).orElseThrow().status().finished()
                    : queue.counts().entrySet().stream().noneMatch(e -> !e.getKey().finished() && e.getValue() > 0);
            if (finished) {
                return;
            }
            replies.await(mark, Duration.ofMillis(50));
        }
    }

    private record Timing(Duration total, long planMicros) {
    }

    /** From the request turn's commit to the job's completion, as the database recorded them. */
    private List<Timing> timings(List<Long> jobs) {
        return db.inTransaction("read benchmark timings", c -> {
            List<Timing> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT u.created_at, j.finished_at, t.trace_json FROM generation_job j "
                    + "JOIN turn u ON u.id = j.turn_id LEFT JOIN step_trace t ON t.job_id = j.id WHERE j.id = ?")) {
                for (long job : jobs) {
                    q.setLong(1, job);
                    try (ResultSet r = q.executeQuery()) {
                        r.next();
                        Instant from = Sql.instant(r, "created_at");
                        Instant to = Sql.instant(r, "finished_at");
                        String trace = r.getString("trace_json");
                        long plan = trace == null ? 0 : dev.chatgen.engine.PlanJson.JSON.readTree(trace).path("total_micros").asLong();
                        out.add(new Timing(Duration.between(from, to), plan));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            return out;
        });
    }

    private Duration span(List<Long> jobs) {
        return db.inTransaction("read benchmark span", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT MIN(u.created_at) AS created_at, MAX(j.finished_at) AS finished_at "
                    + "FROM generation_job j JOIN turn u ON u.id = j.turn_id WHERE j.id BETWEEN ? AND ?")) {
                q.setLong(1, jobs.get(0));
                q.setLong(2, jobs.get(jobs.size() - 1));
                try (ResultSet r = q.executeQuery()) {
                    r.next();
                    return Duration.between(Sql.instant(r, "created_at"), Sql.instant(r, "finished_at"));
                }
            }
        });
    }

    private static ImageBackend timed(ImageBackend backend, Queue<Long> renderNanos) {
        return new ImageBackend() {
            @Override
            public String name() {
                return backend.name();
            }

            @Override
            public Optional<String> loadedCheckpoint() {
                return backend.loadedCheckpoint();
            }

            @Override
            public dev.chatgen.render.InstalledModels installedModels() {
                return backend.installedModels();
            }

            @Override
            public void cancel() {
                backend.cancel();
            }

            @Override
            public RenderedImage render(RenderRequest request, RenderProgress progress) {
                long start = System.nanoTime();
                try {
                    return backend.render(request, progress);
                } finally {
                    renderNanos.add(System.nanoTime() - start);
                }
            }
        };
    }

    private static ReplySink countingSink(AtomicInteger posted) {
        return new ReplySink() {
            @Override
            public String platform() {
                return "bench";
            }

            @Override
            public String deliver(Reply reply) {
                posted.incrementAndGet();
                return "bench-" + reply.jobId();
            }
        };
    }
}
