package dev.chatgen.bot;

import java.util.Optional;

/** What the bot answers at once to a message, before any picture exists. */
public sealed interface Outcome {
    /** The request is in the queue. */
    record Queued(long jobId, int position) implements Outcome {
    }

    /** A message for the person: a refusal (full queue), or the answer to a command. */
    record Told(String message) implements Outcome {
    }

    /** The platform delivered this message before; it was handled then (its job, if it made one). */
    record AlreadyHandled(Optional<Long> jobId) implements Outcome {
    }
}
