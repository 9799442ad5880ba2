package dev.chatgen.moderation;

import static dev.chatgen.moderation.ErasureFixture.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatgen.chat.AttachmentFiles;
import dev.chatgen.chat.StoredTurn;
import dev.chatgen.queue.Claim;
import dev.chatgen.queue.JobQueue;
import dev.chatgen.queue.JobStatus;
import dev.chatgen.testing.TestDatabases.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Retention on H2 and (when a server is configured) PostgreSQL. */
class RetentionTest {
    private static final Duration KEEP = Duration.ofDays(30);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Kind.class)
    void purge_deletesOldFinishedWork_withItsFiles_andKeepsRecentAndUnfinishedWork(Kind kind) {
        try (ErasureFixture f = new ErasureFixture(kind, dir)) {
            byte[] own = bytes("ann's sketch");
            byte[] shared = bytes("a picture two people sent");
            long annJob = f.picture("ann", "a lighthouse", own, shared);
            f.say("ann", "make it darker"); // a turn without a job
            long daveJob = f.submit(f.say("dave", "a cat"), "dave");
            assertEquals(JobQueue.CancelOutcome.CANCELLED, f.queue.cancel(daveJob));
            StoredTurn bobTurn = f.say("bob", "a castle");
            Claim bobRendering = f.render(f.submit(bobTurn, "bob")); // waiting longer than the period: still unfinished
            Path annImage = f.imageFile(annJob);
            Path ownFile = f.attachmentFile(own);
            Path sharedFile = f.attachmentFile(shared);

            f.clock.advance(KEEP.plusDays(1));
            long carlJob = f.picture("carl", "a forest", shared);
            StoredTurn annRecent = f.say("ann", "and now a boat");

            Retention.Purged purged = new Retention(f.db, KEEP, f.clock).purgeOnce();

            assertEquals(new Retention.Purged(2, 3, 2, 1, 1), purged);
            assertFalse(Files.exists(annImage), "the old job's image file goes");
            assertFalse(Files.exists(ownFile), "an attachment file nobody else sent goes");
            assertTrue(Files.exists(sharedFile), "a file a recent message also carries stays");
            assertTrue(Files.exists(f.imageFile(carlJob)));
            assertEquals(0, f.count("SELECT COUNT(*) FROM generation_job WHERE id IN (?, ?)", annJob, daveJob));
            assertEquals(0, f.count("SELECT COUNT(*) FROM turn WHERE author_id = 'dave'"));
            assertEquals(1, f.count("SELECT COUNT(*) FROM turn WHERE author_id = 'ann'"));
            assertEquals(1, f.count("SELECT COUNT(*) FROM turn WHERE id = ?", annRecent.id()));
            assertEquals(1, f.count("SELECT COUNT(*) FROM conversation WHERE id = ?", annRecent.conversationId()),
                    "a conversation with a recent turn stays");
            assertEquals(1, f.count("SELECT COUNT(*) FROM attachment WHERE sha256 = ?", AttachmentFiles.sha256(shared)));
            assertEquals(JobStatus.RENDERING, f.queue.state(bobRendering.jobId()).orElseThrow().status());
            assertEquals(1, f.count("SELECT COUNT(*) FROM turn WHERE id = ?", bobTurn.id()));
            assertEquals(1, f.count("SELECT COUNT(*) FROM step_trace WHERE job_id = ?", bobRendering.jobId()));
            assertEquals(1, f.count("SELECT COUNT(*) FROM outbox WHERE job_id = ?", carlJob));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void purge_isIdempotent(Kind kind) {
        try (ErasureFixture f = new ErasureFixture(kind, dir)) {
            f.picture("ann", "a lighthouse", bytes("sketch"));
            f.clock.advance(KEEP.plusDays(1));
            f.picture("bob", "a forest", bytes("photo"));
            Retention retention = new Retention(f.db, KEEP, f.clock);

            assertEquals(new Retention.Purged(1, 1, 1, 1, 1), retention.purgeOnce());
            List<Long> after = f.rows();
            assertEquals(new Retention.Purged(0, 0, 0, 0, 0), retention.purgeOnce());
            assertEquals(after, f.rows());
            assertEquals(List.of(1L, 1L, 1L, 1L, 1L, 1L, 1L), after);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void purge_inSeveralBatches_deletesAll_andAMissingFileIsFine(Kind kind) throws Exception {
        try (ErasureFixture f = new ErasureFixture(kind, dir)) {
            int people = 7;
            for (int i = 0; i < people; i++) {
                f.picture("user" + i, "picture " + i, bytes("file " + i));
                f.say("user" + i, "context " + i);
            }
            Files.delete(f.imageFile(f.count("SELECT MIN(job_id) FROM image")));
            f.clock.advance(KEEP.plusDays(1));

            Retention.Purged purged = new Retention(f.db, KEEP, f.clock, 3).purgeOnce();

            assertEquals(new Retention.Purged(people, 2 * people, people, people, people), purged);
            assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L), f.rows());
            try (var left = Files.walk(dir.resolve("images"))) {
                assertEquals(List.of(dir.resolve("images")), left.toList());
            }
            try (var left = Files.walk(dir.resolve("attachments"))) {
                assertEquals(0, left.filter(Files::isRegularFile).count());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void schedule_purgesAtOnce_andSurvivesAFailedRun(Kind kind) throws Exception {
        try (ErasureFixture f = new ErasureFixture(kind, dir)) {
            f.picture("ann", "a lighthouse");
            f.clock.advance(KEEP.plusDays(1));
            AtomicInteger reads = new AtomicInteger();
            Clock failsFirst = new Clock() { // the first run fails as a lost database would
                @Override
                public Instant instant() {
                    if (reads.getAndIncrement() == 0) {
                        throw new IllegalStateException("first run fails");
                    }
                    return f.clock.instant();
                }

                @Override
                public ZoneId getZone() {
                    return f.clock.getZone();
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }
            };
            ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
            try {
                ScheduledFuture<?> run = new Retention(f.db, KEEP, failsFirst).schedule(executor, Duration.ofMillis(20));
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (f.count("SELECT COUNT(*) FROM generation_job") > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertEquals(0, f.count("SELECT COUNT(*) FROM generation_job"));
                assertTrue(reads.get() >= 2);
                assertFalse(run.isDone(), "the schedule goes on after a failed run");
            } finally {
                executor.shutdown(); // not shutdownNow: interrupting H2 file I/O closes the database
                assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
            }
        }
    }
}
