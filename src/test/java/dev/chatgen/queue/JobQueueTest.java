package dev.chatgen.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatgen.testing.TestDatabases.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The queue's rules, on H2 and (when a server is configured) PostgreSQL. */
class JobQueueTest {
    @TempDir
    Path dir;

    private static ImageRecord image() {
        return new ImageRecord(Path.of("/tmp/x.png"), "0".repeat(64), 512, 512, "test");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void submit_storesQueuedJob_andTellsItsPlaceInLine(Kind kind) {
        try (QueueFixture f = new QueueFixture(kind, dir)) {
            f.submit("ann");
            var t = f.turn("bob", "a cat");
            SubmitResult r = f.queue.submit(new Submission(t.id(), t.conversationId(), "test", "test:bob", "there"));

            SubmitResult.Accepted a = assertInstanceOf(SubmitResult.Accepted.class, r);
            assertEquals(2, a.position());
            assertEquals(JobStatus.QUEUED, f.state(a.jobId()).status());
            assertEquals(Optional.of(a.jobId()), f.queue.jobOfTurn(t.id()));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void submit_beyondPerUserLimit_isRefusedWithAMessage(Kind kind) {
        try (QueueFixture f = new QueueFixture(kind, dir)) {
            for (int i = 0; i < QueueFixture.CONFIG.perUserLimit(); i++) {
                f.submit("ann");
            }
            var t = f.turn("ann", "one more");
            SubmitResult r = f.queue.submit(new Submission(t.id(), t.conversationId(), "test", "test:ann", "there"));

            SubmitResult.Refused refused = assertInstanceOf(SubmitResult.Refused.class, r);
            assertTrue(refused.message().contains("5 pictures in the queue"), refused.message());
            f.submit("bob"); // someone else is not affected
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void claims_serveRequestersRoundRobin(Kind kind) {
        try (QueueFixture f = new QueueFixture(kind, dir)) {
            List<Long> ann = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ann.add(f.submit("ann"));
            }
            long bob1 = f.submit("bob");
            long bob2 = f.submit("bob");

            List<Long> order = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                order.add(f.plan("w", "sd15"));
            }
            assertEquals(List.of(ann.get(0), bob1, ann.get(1), bob2, ann.get(2), ann.get(3)), order);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void concurrentClaims_neverTakeTheSameJob(Kind kind) throws Exception {
        try (QueueFixture f = new QueueFixture(kind, dir)) {
            int jobs = 60;
            for (int i = 0; i < jobs; i++) {
                f.submit("user" + (i % 12));
            }
            Set<Long> claimed = ConcurrentHashMap.newKeySet();
            List<Long> duplicates = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch start = new CountDownLatch(1);
            for (int w = 0; w < 4; w++) {
                String worker = "w" + w;
                pool.submit(() -> {
                    start.await();
                    // Planning runs while the job is held: a second planner must never see it.
                    while (f.queue.planNext(worker, false, c -> {
                        if (!claimed.add(c.jobId())) {
                            synchronized (duplicates) {
                                duplicates.add(c.jobId());
                            }
                        }
                        return new JobQueue.Planning.Planned("sd15", "{}", "{}");
                    }).isPresent()) {
                        Thread.onSpinWait();
                    }
                    return null;
                });
            }
            start.countDown();
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
            assertEquals(List.of(), duplicates);
            assertEquals(jobs, claimed.size());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aSlowPlan_startsItsLeaseWhenPlanningEnds_soTheRenderIsNotTakenBackAtOnce(Kind kind) {
        try (QueueFixture f = new QueueFixture(kind, dir)) {
            long job = f.submit("ann");
            f.queue.planNext("w", true, c -> {
                f.clock.advance(QueueFixture.CONFIG.lease().plusSeconds(10)); // an LLM stage near its timeout
                return new JobQueue.Planning.Planned("sd15", "{}", "{}");
            }).orElseThrow();

            assertEquals(JobStatus.RENDERING, f.state(job).status());
            assertEquals(0, f.queue.reapExpiredLeases(), "the lease runs from the end of planning");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void planning_goesStraightToRender_onlyWhenNoPlannedJobWaits(Kind kind) {
        try (QueueFixture f = new QueueFixture(kind, dir)) {
            long first = f.submit("ann");
            long second = f.submit("bob");
            JobQueue.PlanStep direct = f.queue.planNext("w", true, c -> new JobQueue.Planning.Planned("sd15", "{}", "{}")).orElseThrow();
            assertEquals(first, direct.jobId());
            assertEquals(JobStatus.RENDERING, f.state(first).status());
            assertEquals(1, direct.renderNow().orElseThrow().attempts());

            f.plan("p", "sdxl"); // the second now waits for a GPU
            long third = f.submit("cid");
            JobQueue.PlanStep queued = f.queue.planNext("w", true, c -> new JobQueue.Planning.Planned("sd15", "{}", "{}")).orElseThrow();
            assertEquals(third, queued.jobId());
            assertTrue(queued.renderNow().isEmpty(), "it joins the line behind the waiting job");
            assertEquals(second, f.queue.claimRender("w", Optional.empty()).orElseThrow().jobId());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void nothingToPlan_failsAtOnce_andTellsThePerson(Kind kind) {
        try (QueueFixture f = new QueueFixture(kind, dir)) {
            long job = f.submit("ann");
            f.queue.planNext("w", true, c -> new JobQueue.Planning.NothingToPlan("Tell me what you'd like to see."));

            assertEquals(JobStatus.FAILED, f.state(job).status());
            assertEquals(Optional.of("Tell me what you'd like to see."),
                    f.outbox.claim("test", "d", Duration.ofSeconds(30), 10).get(0).message());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aPlannerThatThrows_countsAnAttempt_andFailsTheJobAfterTheLast(Kind kind) {
        try (QueueFixture f = new QueueFixture(kind, dir)) {
            long job = f.submit("ann");
            for (int i = 0; i < QueueFixture.CONFIG.maxAttempts(); i++) {
                f.queue.planNext("w", true, c -> {
                    throw new IllegalStateException("engine bug");
                });
                f.clock.advance(Duration.ofMinutes(5));
            }
            JobQueue.JobState s = f.state(job);
            assertEquals(JobStatus.FAILED, s.status());
            assertTrue(s.error().startsWith("Sorry, something went wrong while planning"), s.error());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void render_prefersLoadedCheckpoint_butNotBeyondTheAffinityBound(Kind kind) {
        try (QueueFixture f = new QueueFixture(kind, dir)) {
            long first = f.submit("ann");
            long second = f.submit("bob");
            f.plan("p", "sdxl");
            f.plan("p", "sd15");

            assertEquals(second, f.queue.claimRender("w", Optional.of("sd15")).orElseThrow().jobId());

            long third = f.submit("cid");
            f.plan("p", "sd15");
            f.clock.advance(QueueFixture.CONFIG.affinityMaxWait().plusSeconds(1));
            // The sdxl job has waited past the bound: it goes first even to a worker with sd15 loaded.
            assertEquals(first, f.queue.claimRender("w2", Optional.of("sd15")).orElseThrow().jobId());
            assertEquals(third, f.queue.claimRender("w3", Optional.of("sd15")).orElseThrow().jobId());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void render_claimsOnlyJobsWhoseCheckpointTheBackendHas(Kind kind) {
        try (QueueFixture f = new QueueFixture(kind, dir)) {
            f.submit("ann");
            long second = f.submit("bob");
            f.plan("p", "sdxl");
            f.plan("p", "sd15");

            assertEquals(second, f.queue.claimRender("w", Optional.empty(), Optional.of(Set.of("sd15", "other"))).orElseThrow().jobId());
            assertTrue(f.queue.claimRender("w", Optional.empty(), Optional.of(Set.of("sd15"))).isEmpty());
            assertTrue(f.queue.claimRender("w", Optional.empty(), Optional.of(Set.of())).isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void done_writesTheReplyOnce_andOnlyForTheLeaseHolder(Kind kind) {
        try (QueueFixture f = new QueueFixture(kind, dir)) {
            long job = f.submit("ann");
            f.plan("p", "sd15");
            Claim c = f.queue.claimRender("w", Optional.empty()).orElseThrow();

            Claim impostor = new Claim(job, "someone-else", c.turnId(), c.conversationId(), 1);
            assertFalse(f.queue.done(impostor, image()));
            assertTrue(f.queue.done(c, image()));
            assertFalse(f.queue.done(c, image()), "a second completion posts nothing");

            assertEquals(JobStatus.DONE, f.state(job).status());
            assertEquals(1, f.outbox.pending("test"));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void expiredLease_isClaimedAgain_andCountsAnAttempt(Kind kind) {
        try (QueueFixture f = new QueueFixture(kind, dir)) {
            long job = f.submit("ann");
            f.plan("p", "sd15");
            Claim dead = f.queue.claimRender("dead-worker", Optional.empty()).orElseThrow();
            assertEquals(1, dead.attempts());

            f.clock.advance(QueueFixture.CONFIG.lease().plusSeconds(1));
            assertEquals(1, f.queue.reapExpiredLeases());
            assertEquals(JobStatus.PLANNED, f.state(job).status());
            assertTrue(f.queue.claimRender("w", Optional.empty()).isEmpty(), "backoff holds it back for a while");

            f.clock.advance(f.queue.backoff(1));
            Claim again = f.queue.claimRender("w", Optional.empty()).orElseThrow();
            assertEquals(job, again.jobId());
            assertEquals(2, again.attempts());
            assertFalse(f.queue.done(dead, image()), "the dead worker's late result is refused");
            assertTrue(f.queue.done(again, image()));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void afterTheLastAttempt_jobFails_withAReasonThePersonReads(Kind kind) {
        try (QueueFixture f = new QueueFixture(kind, dir)) {
            long job = f.submit("ann");
            f.plan("p", "sd15");
            for (int attempt = 1; attempt <= QueueFixture.CONFIG.maxAttempts(); attempt++) {
                Claim c = f.queue.claimRender("w", Optional.empty()).orElseThrow();
                f.queue.failed(c, "The GPU ran out of memory for 2048x2048; try a smaller size.", true);
                f.clock.advance(Duration.ofMinutes(5));
            }
            JobQueue.JobState s = f.state(job);
            assertEquals(JobStatus.FAILED, s.status());
            assertEquals("The GPU ran out of memory for 2048x2048; try a smaller size.", s.error());
            List<Reply> replies = f.outbox.claim("test", "d", Duration.ofSeconds(30), 10);
            assertEquals(1, replies.size());
            assertFalse(replies.get(0).done());
            assertEquals(Optional.of(s.error()), replies.get(0).message());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void release_putsTheJobBackAtOnce_withoutCountingAnAttempt(Kind kind) {
        try (QueueFixture f = new QueueFixture(kind, dir)) {
            long job = f.submit("ann");
            f.plan("p", "sd15");
            Claim c = f.queue.claimRender("w", Optional.empty()).orElseThrow();
            f.queue.release(c);

            Claim again = f.queue.claimRender("w2", Optional.empty()).orElseThrow();
            assertEquals(job, again.jobId());
            assertEquals(1, again.attempts());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void cancel_waitingJobAtOnce_runningJobAtItsNextHeartbeat(Kind kind) {
        try (QueueFixture f = new QueueFixture(kind, dir)) {
            long waiting = f.submit("ann");
            long running = f.submit("bob");
            assertEquals(JobQueue.CancelOutcome.CANCELLED, f.queue.cancel(waiting));
            assertEquals(JobStatus.CANCELLED, f.state(waiting).status());

            f.plan("p", "sd15");
            Claim c = f.queue.claimRender("w", Optional.empty()).orElseThrow();
            assertEquals(running, c.jobId());
            assertEquals(JobQueue.CancelOutcome.STOPPING, f.queue.cancel(running));
            assertFalse(f.queue.heartbeat(c));
            f.queue.abandon(c);
            assertEquals(JobStatus.CANCELLED, f.state(running).status());
            assertEquals(0, f.outbox.pending("test"), "a cancelled job posts nothing");
            assertEquals(JobQueue.CancelOutcome.ALREADY_FINISHED, f.queue.cancel(running));
        }
    }
}
