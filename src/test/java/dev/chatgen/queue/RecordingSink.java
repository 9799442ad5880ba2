package dev.chatgen.queue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A platform that remembers what was posted and, like Discord with enforce_nonce, shows a post
 * with an idempotency key it has seen as the earlier message instead of a second one.
 */
final class RecordingSink implements ReplySink {
    final List<Reply> posts = new CopyOnWriteArrayList<>();
    final Map<String, String> visibleByKey = new ConcurrentHashMap<>();
    volatile boolean failing;

    @Override
    public String platform() {
        return "test";
    }

    @Override
    public String deliver(Reply reply) throws DeliveryException {
        if (failing) {
            throw new DeliveryException("503 from the platform", false, null);
        }
        posts.add(reply);
        return visibleByKey.computeIfAbsent(reply.idempotencyKey(), k -> "msg-" + reply.jobId());
    }
}
