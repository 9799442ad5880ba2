package dev.chatgen.render.horde;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The render in flight, shared between the rendering thread and {@code cancel()}: the Horde's request id once it
 * is known, and a cancel signal that also cuts a wait short.
 */
final class InFlightRequest {
    private final AtomicReference<String> id = new AtomicReference<>();
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final AtomicBoolean withdrawn = new AtomicBoolean();

    void started(String hordeId) {
        id.set(hordeId);
    }

    Optional<String> id() {
        return Optional.ofNullable(id.get());
    }

    void cancel() {
        cancelled.countDown();
    }

    /** True for the one caller that gets to withdraw the request from the Horde, so it is withdrawn once. */
    boolean claimWithdrawal() {
        return !withdrawn.getAndSet(true);
    }

    boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    /** Waits up to {@code time}; true when cancelled meanwhile (or the thread was interrupted). */
    boolean waitOrCancelled(Duration time) {
        try {
            return cancelled.await(Math.max(0, time.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            return true;
        }
    }
}
