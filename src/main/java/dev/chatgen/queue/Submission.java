package dev.chatgen.queue;

import java.util.Objects;

/**
 * A request to queue: the stored turn it plans from and where its reply goes.
 *
 * @param requester   the person (platform:user), for fairness and the per-user limit
 * @param replyTarget the adapter's own address for the reply, stored with the job and given back on delivery
 */
public record Submission(long turnId, long conversationId, String platform, String requester, String replyTarget) {
    public Submission {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(replyTarget, "replyTarget");
    }
}
