package dev.chatgen.ops;

import java.time.Duration;

/**
 * The job table at one moment: jobs in each unfinished state, and how long the oldest job not yet
 * rendering (queued or planned) has waited; zero when none waits.
 */
public record QueueDepth(long queued, long planned, long rendering, Duration oldestWait) {
}
