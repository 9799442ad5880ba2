package dev.chatgen.app;

import dev.chatgen.queue.Reply;
import dev.chatgen.queue.ReplySink;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The reply sink of one-shot commands: hands each reply to whoever waits for its job. */
final class ReplyCollector implements ReplySink {
    static final String PLATFORM = "cli";

    private final Map<Long, CompletableFuture<Reply>> waiting = new ConcurrentHashMap<>();

    @Override
    public String platform() {
        return PLATFORM;
    }

    @Override
    public String deliver(Reply reply) {
        waiting.computeIfAbsent(reply.jobId(), id -> new CompletableFuture<>()).complete(reply);
        return "cli-" + reply.jobId();
    }

    CompletableFuture<Reply> replyOf(long jobId) {
        return waiting.computeIfAbsent(jobId, id -> new CompletableFuture<>());
    }
}
