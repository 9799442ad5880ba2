package dev.chatgen.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a backend answers. While it does not, its workers stop taking renders, retrying after
 * a backoff that doubles up to a minute; the outage and the recovery are each logged once.
 */
final class BackendHealth {
    private static final Logger LOG = LoggerFactory.getLogger(BackendHealth.class);
    private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(1);

    private final String backend;
    private final Clock clock;
    private Duration wait = Duration.ZERO;
    private Instant pausedUntil = Instant.MIN;

    BackendHealth(String backend, Clock clock) {
        this.backend = backend;
        this.clock = clock;
    }

    synchronized boolean paused() {
        return clock.instant().isBefore(pausedUntil);
    }

    synchronized void unreachable(String why) {
        boolean first = wait.isZero();
        wait = first ? FIRST_WAIT : min(wait.multipliedBy(2), LONGEST_WAIT);
        pausedUntil = clock.instant().plus(wait);
        if (first) {
            LOG.warn("Backend {} cannot be reached ({}); its workers stop taking renders and try again with backoff", backend, why);
        }
    }

    synchronized void reachable() {
        if (!wait.isZero()) {
            LOG.info("Backend {} answers again; its workers take renders again", backend);
        }
        wait = Duration.ZERO;
        pausedUntil = Instant.MIN;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
