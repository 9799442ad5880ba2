package dev.chatgen.queue;

/** What became of a submission. */
public sealed interface SubmitResult {
    /** Stored as QUEUED; {@code position} is 1 when nothing waits before it. */
    record Accepted(long jobId, int position) implements SubmitResult {
    }

    /** Not stored, with a message for the person (their queue is full). */
    record Refused(String message) implements SubmitResult {
    }
}
