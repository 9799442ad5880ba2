package dev.chatgen.ops;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One health probe that runs at most once at a time: callers arriving while it runs share its
 * answer, so frequent health checks never pile up threads on a server that hangs. An answer may
 * also be reused for a while, so they do not hammer a remote service either.
 */
final class TimedCheck {
    private final Callable<String> probe;
    private final long reuseNanos;
    private CompletableFuture<String> running;
    private long answeredAt;

    /**
     * @param probe "ok", or what is wrong in a few words; an exception is reported as an error
     * @param reuse how long an answer stands; zero asks every time
     */
    TimedCheck(Callable<String> probe, Duration reuse) {
        this.probe = probe;
        this.reuseNanos = reuse.toNanos();
    }

    synchronized CompletableFuture<String> start(Executor threads) {
        if (running == null || running.isDone() && System.nanoTime() - answeredAt >= reuseNanos) {
            running = CompletableFuture.supplyAsync(this::run, threads);
        }
        return running;
    }

    private String run() {
        String answer;
        try {
            answer = probe.call();
        } catch (Exception e) {
            answer = "error: " + e.getMessage();
        }
        synchronized (this) {
            answeredAt = System.nanoTime();
        }
        return answer;
    }
}
