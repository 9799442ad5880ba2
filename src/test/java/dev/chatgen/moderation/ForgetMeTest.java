package dev.chatgen.moderation;

import static dev.chatgen.moderation.ErasureFixture.PLATFORM;
import static dev.chatgen.moderation.ErasureFixture.bytes;
import static dev.chatgen.moderation.ErasureFixture.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatgen.chat.ConversationKey;
import dev.chatgen.chat.Conversations;
import dev.chatgen.chat.StoredTurn;
import dev.chatgen.queue.Claim;
import dev.chatgen.queue.ImageRecord;
import dev.chatgen.queue.JobQueue;
import dev.chatgen.testing.TestDatabases.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** "Forget me" on H2 and (when a server is configured) PostgreSQL. */
class ForgetMeTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Kind.class)
    void forget_deletesEverythingOfThePerson_andKeepsOthersInTheSameConversation(Kind kind) {
        try (ErasureFixture f = new ErasureFixture(kind, dir)) {
            byte[] own = bytes("ann's sketch");
            byte[] shared = bytes("a picture ann and bob both sent");
            StoredTurn annFirst = f.say("ann", "a lighthouse", own, shared);
            long annJob = f.finish(f.submit(annFirst, "ann"));
            // Bob replies to ann's picture: his turn and job join her conversation.
            StoredTurn bobReply = f.say(key("bob", "c1"), "same, but at night", Optional.of(new Conversations.Continuation(
                    annFirst.conversationId(), annJob)), shared);
            long bobJob = f.finish(f.submit(bobReply, "bob"));
            ConversationKey annElsewhere = key("ann", "c2");
            StoredTurn annContext = f.say(annElsewhere, "I like boats", Optional.empty());
            Claim annRendering = f.render(f.submit(f.say(annElsewhere, "a boat", Optional.empty()), "ann"));
            long annQueued = f.submit(f.say(annElsewhere, "a bigger boat", Optional.empty()), "ann");
            StoredTurn annOnOtherPlatform = f.say(new ConversationKey("other", "g", "c1", "", "ann"), "hello", Optional.empty());
            f.audit(PLATFORM, "ann", "cancel");
            f.audit(PLATFORM, "bob", "cancel");
            f.audit("other", "ann", "cancel");
            Path annImage = f.imageFile(annJob);
            Path ownFile = f.attachmentFile(own);
            Path sharedFile = f.attachmentFile(shared);

            ForgetMe.Forgotten forgotten = new ForgetMe(f.db).forget(PLATFORM, "ann");

            assertEquals(new ForgetMe.Forgotten(4, 3, 1, 2), forgotten);
            assertEquals(0, f.count("SELECT COUNT(*) FROM turn WHERE platform = ? AND author_id = 'ann'", PLATFORM));
            assertEquals(0, f.count("SELECT COUNT(*) FROM generation_job WHERE requester = 'test:ann'"));
            assertEquals(0, f.count("SELECT COUNT(*) FROM generation_job WHERE id IN (?, ?, ?)", annJob, annRendering.jobId(), annQueued));
            assertEquals(0, f.count("SELECT COUNT(*) FROM step_trace WHERE job_id IN (?, ?)", annJob, annRendering.jobId()));
            assertEquals(0, f.count("SELECT COUNT(*) FROM outbox WHERE job_id = ?", annJob));
            assertEquals(0, f.count("SELECT COUNT(*) FROM image WHERE job_id = ?", annJob));
            assertFalse(Files.exists(annImage), "her image file goes");
            assertFalse(Files.exists(ownFile), "her attachment file goes");
            assertTrue(Files.exists(sharedFile), "a file bob also sent stays");

            // Bob's turn and picture stay in the conversation ann started, which no longer names her.
            assertEquals(1, f.count("SELECT COUNT(*) FROM turn WHERE id = ?", bobReply.id()));
            assertEquals(1, f.count("SELECT COUNT(*) FROM attachment WHERE turn_id = ?", bobReply.id()));
            assertTrue(Files.exists(f.imageFile(bobJob)));
            assertEquals(ForgetMe.FORGOTTEN, f.string("SELECT user_id FROM conversation WHERE id = ?", annFirst.conversationId()));
            assertNotNull(f.string("SELECT reset_at FROM conversation WHERE id = ?", annFirst.conversationId()),
                    "her next message starts a conversation of its own");
            assertEquals(0, f.count("SELECT COUNT(*) FROM conversation WHERE id = ?", annContext.conversationId()),
                    "a conversation left without turns goes");
            assertEquals(0, f.count("SELECT COUNT(*) FROM conversation WHERE platform = ? AND user_id = 'ann'", PLATFORM));

            assertEquals(1, f.count("SELECT COUNT(*) FROM turn WHERE id = ?", annOnOtherPlatform.id()), "another platform's ann stays");
            assertEquals(1, f.count("SELECT COUNT(*) FROM audit_log WHERE platform = ? AND actor = ?", PLATFORM, ForgetMe.FORGOTTEN));
            assertEquals(0, f.count("SELECT COUNT(*) FROM audit_log WHERE platform = ? AND actor = 'ann'", PLATFORM));
            assertEquals(1, f.count("SELECT COUNT(*) FROM audit_log WHERE platform = ? AND actor = 'bob'", PLATFORM));
            assertEquals(1, f.count("SELECT COUNT(*) FROM audit_log WHERE platform = 'other' AND actor = 'ann'"));

            assertEquals(new ForgetMe.Forgotten(0, 0, 0, 0), new ForgetMe(f.db).forget(PLATFORM, "ann"), "a second call finds nothing");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aWorkerWhoseJobWasForgotten_dropsItQuietly(Kind kind) {
        try (ErasureFixture f = new ErasureFixture(kind, dir)) {
            Claim claim = f.render(f.submit(f.say("ann", "a boat"), "ann"));

            new ForgetMe(f.db).forget(PLATFORM, "ann");

            // What the worker does next, in any order: each finds the row gone and does nothing.
            assertFalse(f.queue.heartbeat(claim), "the heartbeat fails, so the worker marks the claim lost");
            f.queue.progress(claim, 50);
            f.queue.abandon(claim);
            f.queue.failed(claim, "render failed", true);
            f.queue.release(claim);
            assertFalse(f.queue.done(claim, new ImageRecord(dir.resolve("late.png"), "0".repeat(64), 8, 8, "test")),
                    "a late result is refused, nothing is posted");
            assertEquals(0, f.count("SELECT COUNT(*) FROM image"));
            assertEquals(0, f.count("SELECT COUNT(*) FROM outbox"));
            assertTrue(f.queue.state(claim.jobId()).isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void forget_waitsForAPlannerHoldingTheJob_thenDeletesItsTraceToo(Kind kind) throws Exception {
        try (ErasureFixture f = new ErasureFixture(kind, dir)) {
            long job = f.submit(f.say("ann", "a boat"), "ann");
            List<CompletableFuture<ForgetMe.Forgotten>> forgetting = new ArrayList<>();

            f.queue.planNext("w1", false, claim -> {
                // Planning holds the job's lock and writes its trace in the same commit.
                forgetting.add(CompletableFuture.supplyAsync(() -> new ForgetMe(f.db).forget(PLATFORM, "ann")));
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                assertFalse(forgetting.get(0).isDone(), "forgetting waits for the planner's commit");
                return new JobQueue.Planning.Planned("sd15", "{}", "{}");
            });

            assertEquals(new ForgetMe.Forgotten(1, 1, 0, 0), forgetting.get(0).get(20, TimeUnit.SECONDS));
            assertEquals(0, f.count("SELECT COUNT(*) FROM step_trace WHERE job_id = ?", job));
            assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L), f.rows());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void forget_inSeveralBatches_deletesAll(Kind kind) throws Exception {
        try (ErasureFixture f = new ErasureFixture(kind, dir)) {
            for (int i = 0; i < 5; i++) {
                f.picture("ann", "picture " + i, bytes("file " + i));
                f.say("ann", "context " + i);
            }
            f.picture("bob", "a forest");

            assertEquals(new ForgetMe.Forgotten(10, 5, 5, 5), new ForgetMe(f.db, 2).forget(PLATFORM, "ann"));
            assertEquals(List.of(1L, 1L, 0L, 1L, 1L, 1L, 1L), f.rows());
            try (var left = Files.walk(dir.resolve("attachments"))) {
                assertEquals(0, left.filter(Files::isRegularFile).count());
            }
        }
    }
}
