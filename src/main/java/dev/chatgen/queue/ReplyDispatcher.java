package dev.chatgen.queue;

import dev.chatgen.ops.ChatgenMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Posts the outbox's replies for one adapter: claims them, hands each to the sink, marks it
 * delivered. Runs on its own thread; woken at once by jobs finished in this process, by polling
 * for jobs finished elsewhere.
 */
public final class ReplyDispatcher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyDispatcher.class);
    /** Longer than any post takes; a dispatcher that dies mid-post leaves the reply to another after this. */
    static final Duration CLAIM = Duration.ofSeconds(60);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(10);
    private static final int BATCH = 16;

    private final Outbox outbox;
    private final ReplySink sink;
    private final String dispatcherId;
    private final Doorbell replies;
    private final Duration poll;
    private final ChatgenMetrics metrics;
    private volatile boolean stopping;

    public ReplyDispatcher(Outbox outbox, ReplySink sink, String dispatcherId, Doorbell replies, Duration poll) {
        this(outbox, sink, dispatcherId, replies, poll, ChatgenMetrics.none());
    }

    /** As above, counting replies posted and failed posts in {@code metrics}. */
    public ReplyDispatcher(Outbox outbox, ReplySink sink, String dispatcherId, Doorbell replies, Duration poll, ChatgenMetrics metrics) {
        this.metrics = metrics;
        this.outbox = outbox;
        this.sink = sink;
        this.dispatcherId = dispatcherId;
        this.replies = replies;
        this.poll = poll;
    }

    @Override
    public void run() {
        while (!stopping) {
            long mark = replies.mark();
            int posted;
            try {
                posted = deliverPending();
            } catch (RuntimeException e) {
                LOG.error("Posting replies to {} failed: {}", sink.platform(), e.getMessage(), e);
                posted = 0;
            }
            if (posted == 0) {
                try {
                    replies.await(mark, poll);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Posts what is waiting now; returns how many replies it handled. */
    public int deliverPending() {
        int handled = 0;
        List<Reply> batch;
        do {
            batch = outbox.claim(sink.platform(), dispatcherId, CLAIM, BATCH);
            for (Reply reply : batch) {
                deliver(reply);
                handled++;
            }
        } while (batch.size() == BATCH && !stopping);
        return handled;
    }

    private void deliver(Reply reply) {
        try {
            String messageId = sink.deliver(reply);
            outbox.delivered(reply, messageId);
            metrics.replyDelivered(sink.platform());
            LOG.debug("Job {}: reply posted to {} as {}", reply.jobId(), sink.platform(), messageId);
        } catch (ReplySink.DeliveryException e) {
            metrics.replyFailed();
            if (e.permanent()) {
                LOG.warn("Job {}: the reply cannot be posted to {} and is dropped: {}", reply.jobId(), reply.replyTarget(), e.getMessage());
                outbox.delivered(reply, null);
            } else {
                LOG.warn("Job {}: posting the reply failed, trying again in {} s: {}", reply.jobId(), RETRY_AFTER.toSeconds(), e.getMessage());
                outbox.retryLater(reply, RETRY_AFTER);
            }
        }
    }

    /** Stops after the current batch; {@link #deliverPending()} can still flush on the way out. */
    public void stop() {
        stopping = true;
        replies.ring();
    }
}
