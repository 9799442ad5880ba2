package dev.chatgen.app;

import sun.misc.Signal;

import java.util.concurrent.CountDownLatch;

/**
 * SIGTERM and SIGINT as a request to stop gracefully. A JVM shutdown hook would do too, but it
 * cannot exit 0, and a container manager reads a non-zero exit as a crash.
 */
final class StopSignal {
    private final CountDownLatch requested = new CountDownLatch(1);

    static StopSignal install() {
        StopSignal s = new StopSignal();
        Signal.handle(new Signal("TERM"), sig -> s.requested.countDown());
        Signal.handle(new Signal("INT"), sig -> s.requested.countDown());
        return s;
    }

    void await() throws InterruptedException {
        requested.await();
    }

    /** Runs {@code action} on a thread of its own when a stop is requested. */
    void onStop(Runnable action) {
        Thread t = new Thread(() -> {
            try {
                requested.await();
                action.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stop-signal");
        t.setDaemon(true);
        t.start();
    }
}
