package dev.chatgen.render.a1111;

import java.time.Duration;
import java.util.function.Supplier;

/** A value fetched on demand and kept for a while: what a server has installed changes rarely. */
final class Expiring<T> {
    private final Supplier<T> fetch;
    private final long ttlNanos;
    private T value;
    private long fetchedAt;

    Expiring(Supplier<T> fetch, Duration ttl) {
        this.fetch = fetch;
        this.ttlNanos = ttl.toNanos();
    }

    synchronized T get() {
        if (value == null || System.nanoTime() - fetchedAt > ttlNanos) {
            T fresh = fetch.get();
            value = fresh;
            fetchedAt = System.nanoTime();
        }
        return value;
    }

    synchronized T fresh() {
        value = null;
        return get();
    }

    synchronized void forget() {
        value = null;
    }
}
