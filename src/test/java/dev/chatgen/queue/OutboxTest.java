package dev.chatgen.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatgen.testing.TestDatabases.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Posting replies: once as the person sees it, even when a dispatcher dies between posting and recording it. */
class OutboxTest {
    @TempDir
    Path dir;

    private static long finishedJob(QueueFixture f) {
        long job = f.submit("ann");
        f.plan("p", "sd15");
        Claim c = f.queue.claimRender("w", Optional.empty()).orElseThrow();
        f.queue.done(c, new ImageRecord(Path.of("/tmp/1.png"), "0".repeat(64), 8, 8, "test"));
        return job;
    }

    @Test
    void aDispatcherThatDiedAfterPosting_leavesTheReplyToBePostedAgain_underTheSameKey() throws Exception {
        try (QueueFixture f = new QueueFixture(Kind.H2, dir)) {
            long job = finishedJob(f);
            RecordingSink platform = new RecordingSink();

            Reply first = f.outbox.claim("test", "dying-dispatcher", Duration.ofSeconds(60), 10).get(0);
            platform.deliver(first); // posted... and the process dies before recording it
            assertTrue(f.outbox.claim("test", "other", Duration.ofSeconds(60), 10).isEmpty(), "claimed replies wait for the claim to lapse");

            f.clock.advance(Duration.ofSeconds(61));
            ReplyDispatcher survivor = new ReplyDispatcher(f.outbox, platform, "survivor", f.replies, Duration.ofMillis(10));
            assertEquals(1, survivor.deliverPending());

            assertEquals(2, platform.posts.size());
            assertEquals(2, platform.posts.get(1).attempt());
            assertEquals(platform.posts.get(0).idempotencyKey(), platform.posts.get(1).idempotencyKey());
            assertEquals(1, platform.visibleByKey.size(), "the platform shows it once");
            assertEquals(0, f.outbox.pending("test"));
            assertEquals(Optional.of(new Outbox.PostedJob(job, conversationOf(f, job))),
                    f.outbox.jobOfPostedMessage("test", "msg-" + job), "replies to the post continue its conversation");
        }
    }

    private static long conversationOf(QueueFixture f, long job) {
        return f.db.inTransaction("conversation", c -> {
            try (var r = c.createStatement().executeQuery("SELECT conversation_id FROM generation_job WHERE id = " + job)) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    @Test
    void aFailedPost_isTriedAgainLater_aPermanentFailureIsDropped() throws Exception {
        try (QueueFixture f = new QueueFixture(Kind.H2, dir)) {
            finishedJob(f);
            RecordingSink platform = new RecordingSink();
            platform.failing = true;
            ReplyDispatcher d = new ReplyDispatcher(f.outbox, platform, "d", f.replies, Duration.ofMillis(10));

            d.deliverPending();
            assertEquals(1, f.outbox.pending("test"));
            assertTrue(f.outbox.claim("test", "d", Duration.ofSeconds(60), 10).isEmpty(), "not before the retry delay");

            f.clock.advance(Duration.ofSeconds(11));
            platform.failing = false;
            assertEquals(1, d.deliverPending());
            assertEquals(0, f.outbox.pending("test"));

            ReplySink gone = new ReplySink() {
                @Override
                public String platform() {
                    return "test";
                }

                @Override
                public String deliver(Reply reply) throws DeliveryException {
                    throw new DeliveryException("Unknown Channel", true, null);
                }
            };
            finishedJob(f);
            new ReplyDispatcher(f.outbox, gone, "d2", f.replies, Duration.ofMillis(10)).deliverPending();
            assertEquals(0, f.outbox.pending("test"), "a reply to a deleted channel is not retried forever");
        }
    }

    @Test
    void repliesGoOnlyToTheirOwnPlatform() {
        try (QueueFixture f = new QueueFixture(Kind.H2, dir)) {
            finishedJob(f);
            assertEquals(List.of(), f.outbox.claim("slack", "d", Duration.ofSeconds(60), 10));
            assertEquals(1, f.outbox.claim("test", "d", Duration.ofSeconds(60), 10).size());
        }
    }
}
