package dev.chatgen.config;

import java.time.Duration;

/** Retries, leases, fairness and shutdown of the GPU job queue. */
public record QueueConfig(int maxAttempts, Duration retryBackoff, Duration lease, int perUserLimit,
                          Duration affinityMaxWait, Duration pollInterval, Duration shutdownGrace) {
    public QueueConfig {
        Keys.QUEUE_MAX_ATTEMPTS.require(maxAttempts);
        Keys.QUEUE_RETRY_BACKOFF.require(retryBackoff);
        Keys.QUEUE_LEASE.require(lease);
        Keys.QUEUE_PER_USER_LIMIT.require(perUserLimit);
        Keys.QUEUE_AFFINITY_MAX_WAIT.require(affinityMaxWait);
        Keys.QUEUE_POLL_INTERVAL.require(pollInterval);
        Keys.QUEUE_SHUTDOWN_GRACE.require(shutdownGrace);
        if (lease.toMillis() < 1000) {
            throw new IllegalArgumentException(Keys.QUEUE_LEASE.name() + ": must be at least 1s, was " + lease);
        }
    }
}
