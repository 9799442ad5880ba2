package dev.chatgen.adapter.slack;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The "queued at position N" messages, by job, so progress can edit them and the result can take
 * their place. In memory only: after a restart the result is posted and the old placeholder stays.
 */
final class Placeholders {
    private final Map<Long, String> tsByJob = new ConcurrentHashMap<>();

    void put(long jobId, String ts) {
        tsByJob.put(jobId, ts);
    }

    Optional<String> remove(long jobId) {
        return Optional.ofNullable(tsByJob.remove(jobId));
    }
}
