package dev.chatgen.queue;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A reply to post: the image and its steps when the job is done, the reason when it failed.
 *
 * @param replyTarget the adapter's address for it, as given at submission
 * @param attempt     1 on the first try to post; more means an earlier try may have posted it already
 * @param renderNotes where the backend ran something other than the plan said (a substitute sampler), if anywhere
 */
public record Reply(long outboxId, long jobId, String replyTarget, String requester, boolean done, Optional<String> message,
                    Optional<Path> image, Optional<Outbox.Steps> steps, int attempt, Optional<String> renderNotes) {

    /** The same for every try of this reply, so a platform that honours it shows the reply once. */
    public String idempotencyKey() {
        return "chatgen-job-" + jobId;
    }
}
