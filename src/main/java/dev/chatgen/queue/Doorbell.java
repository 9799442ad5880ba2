package dev.chatgen.queue;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes an idle thread of this process when there is new work, so a job submitted here starts at
 * once instead of at the next poll; other processes still find it by polling.
 */
public final class Doorbell {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition rung = lock.newCondition();
    private long rings;

    public void ring() {
        lock.lock();
        try {
            rings++;
            // One waiter per ring: a ring is one new piece of work, and waking every idle worker
            // for it only makes them compete for the same row.
            rung.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Take this before looking for work; a ring after it, even before {@link #await}, ends the wait at once. */
    public long mark() {
        lock.lock();
        try {
            return rings;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until a ring after {@code seen} (from {@link #mark}) or the timeout, whichever is first. */
    public void await(long seen, Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (rings == seen && nanos > 0) {
                nanos = rung.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }
}
