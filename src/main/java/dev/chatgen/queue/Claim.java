package dev.chatgen.queue;

/** A job a worker holds under lease: what it needs to plan or render it. */
public record Claim(long jobId, String worker, long turnId, long conversationId, int attempts) {
}
