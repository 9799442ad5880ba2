package dev.chatgen.adapter.discord;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The "queued at position N" messages posted for mentions and DMs, by job, so progress can edit
 * them and the result can replace them. In memory only: after a restart the result is simply
 * posted as a new message.
 */
final class Placeholders {
    private final Map<Long, Long> messageByJob = new ConcurrentHashMap<>();

    void put(long jobId, long messageId) {
        messageByJob.put(jobId, messageId);
    }

    Optional<Long> remove(long jobId) {
        return Optional.ofNullable(messageByJob.remove(jobId));
    }
}
