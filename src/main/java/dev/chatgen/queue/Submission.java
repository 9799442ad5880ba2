package dev.chatgen.queue;

import dev.chatgen.chat.Standing;

import java.util.Objects;

/**
 * A request to queue: the stored turn it plans from and where its reply goes.
 *
 * @param requester   the person (platform:user), for fairness and the per-user limit
 * @param replyTarget the adapter's own address for the reply, stored with the job and given back on delivery
 * @param standing    a moderator is not held to the per-user limit; an adult place lets the job use NSFW models
 */
public record Submission(long turnId, long conversationId, String platform, String requester, String replyTarget, Standing standing) {
    public Submission {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(replyTarget, "replyTarget");
        Objects.requireNonNull(standing, "standing");
    }

    public Submission(long turnId, long conversationId, String platform, String requester, String replyTarget) {
        this(turnId, conversationId, platform, requester, replyTarget, Standing.ORDINARY);
    }
}
