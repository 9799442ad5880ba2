package dev.chatgen.ops;

import dev.chatgen.engine.StepTrace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * What the queue, its workers and the reply dispatchers report, as the {@code chatgen_} metrics.
 * {@link #none()} records nothing, for callers (tests, benchmarks) that do not scrape.
 */
public final class ChatgenMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(ChatgenMetrics.class);
    /** Both queue gauges come from one query; a reading this fresh is reused by the second. */
    private static final long QUEUE_READING_NANOS = 1_000_000_000L;
    /** From a fast plan (half a millisecond) to a slow render (ten minutes), in seconds. */
    private static final double[] STAGE_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
            30, 60, 120, 300, 600};
    /** From an idle queue (tens of milliseconds) to a long line (half an hour), in seconds. */
    private static final double[] WAIT_BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800};
    /** After the buckets: static fields are set in order. */
    private static final ChatgenMetrics NONE = new ChatgenMetrics(new Metrics(), false);

    /** How one render try ended. */
    public enum RenderOutcome {
        /** The picture was stored and its reply queued. */
        DONE,
        /** The backend refused or failed it, or something else broke; the try counts. */
        FAILED,
        /** The backend could not be reached; the job went back untouched. */
        UNREACHABLE,
        /** Cancelled, or taken back by another worker meanwhile; nothing is posted. */
        ABANDONED
    }

    /** What went wrong, for chatgen_errors_total. */
    public enum ErrorKind {
        RENDER_FAILED, BACKEND_UNREACHABLE, PLAN_FAILED, REPLY_FAILED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Metrics registry;
    private final boolean recording;
    private final Histogram queueWait;
    private final Histogram stages;
    private final Counter renders;
    private final Counter errors;
    private final Counter replies;
    private final AtomicReference<Reading> lastReading = new AtomicReference<>();

    private record Reading(QueueDepth depth, long atNanos) {
    }

    public ChatgenMetrics(Metrics registry) {
        this(registry, true);
    }

    private ChatgenMetrics(Metrics registry, boolean recording) {
        this.registry = registry;
        this.recording = recording;
        queueWait = registry.histogram("chatgen_queue_wait_seconds",
                "Time from a job's submission to the start of its first render try.", WAIT_BUCKETS);
        stages = registry.histogram("chatgen_stage_seconds",
                "Time per stage: prompt, model and arguments as the plan's trace measured them, render as the backend took.",
                STAGE_BUCKETS, "stage");
        for (String stage : List.of("prompt", "model", "arguments", "render")) {
            stages.declare(stage);
        }
        renders = registry.counter("chatgen_renders_total",
                "Render tries by backend and outcome (done, failed, unreachable, abandoned).", "backend", "outcome");
        errors = registry.counter("chatgen_errors_total",
                "Errors by kind: render_failed, backend_unreachable, plan_failed, reply_failed.", "kind");
        for (ErrorKind kind : ErrorKind.values()) {
            errors.declare(kind.label());
        }
        replies = registry.counter("chatgen_replies_delivered_total", "Replies posted, by platform.", "platform");
    }

    /** Records nothing; what code that is not scraped passes. */
    public static ChatgenMetrics none() {
        return NONE;
    }

    /**
     * The queue gauges, read from the database at scrape time through {@code reader}: every
     * process sharing a database reports the same numbers, so aggregate them with max, not sum.
     */
    public void readQueue(Supplier<QueueDepth> reader) {
        if (!recording) {
            return;
        }
        Supplier<QueueDepth> fresh = () -> {
            Reading r = lastReading.get();
            long now = System.nanoTime();
            if (r == null || now - r.atNanos() > QUEUE_READING_NANOS) {
                r = new Reading(reader.get(), now);
                lastReading.set(r);
            }
            return r.depth();
        };
        registry.gauge("chatgen_queue_jobs", "Unfinished jobs by state (queued, planned, rendering), read from the database.",
                List.of("state"), () -> {
                    QueueDepth d = fresh.get();
                    return Map.of(List.of("queued"), (double) d.queued(), List.of("planned"), (double) d.planned(),
                            List.of("rendering"), (double) d.rendering());
                });
        registry.gauge("chatgen_queue_oldest_wait_seconds",
                "How long the oldest job not yet rendering (queued or planned) has waited; 0 when none waits.",
                List.of(), () -> Map.of(List.of(), fresh.get().oldestWait().toNanos() / 1e9));
    }

    /** A job was planned: the three stages' times from its trace. */
    public void planned(StepTrace trace) {
        if (!recording) {
            return;
        }
        stages.observe(trace.prompt().micros() / 1e6, "prompt");
        stages.observe(trace.selection().micros() / 1e6, "model");
        stages.observe(trace.args().micros() / 1e6, "arguments");
    }

    public void planFailed() {
        error(ErrorKind.PLAN_FAILED);
    }

    /**
     * A job's first render try starts; {@code waited} (its time since submission, a database read)
     * is asked only when recording.
     */
    public void renderStarted(Supplier<Optional<Duration>> waited) {
        if (!recording) {
            return;
        }
        try {
            waited.get().ifPresent(queueWait::observe);
        } catch (RuntimeException e) {
            LOG.debug("Reading how long a job waited failed: {}", e.getMessage());
        }
    }

    /** The backend returned a picture after {@code took}. */
    public void rendered(Duration took) {
        if (recording) {
            stages.observe(took, "render");
        }
    }

    public void renderEnded(String backend, RenderOutcome outcome) {
        if (!recording) {
            return;
        }
        renders.inc(backend, outcome.name().toLowerCase(Locale.ROOT));
        switch (outcome) {
            case FAILED -> error(ErrorKind.RENDER_FAILED);
            case UNREACHABLE -> error(ErrorKind.BACKEND_UNREACHABLE);
            case DONE, ABANDONED -> {
            }
        }
    }

    public void replyDelivered(String platform) {
        if (recording) {
            replies.inc(platform);
        }
    }

    /** Posting a reply failed (it is tried again later, or dropped when it never can be posted). */
    public void replyFailed() {
        error(ErrorKind.REPLY_FAILED);
    }

    private void error(ErrorKind kind) {
        if (recording) {
            errors.inc(kind.label());
        }
    }
}
