package dev.chatgen.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatgen.bot.ChatService;
import dev.chatgen.bot.Outcome;
import dev.chatgen.chat.AttachmentFiles;
import dev.chatgen.chat.ChatTurn;
import dev.chatgen.chat.ConversationKey;
import dev.chatgen.chat.Conversations;
import dev.chatgen.chat.HistoryWindow;
import dev.chatgen.config.QueueConfig;
import dev.chatgen.render.png.A1111Infotext;
import dev.chatgen.render.png.PngChunks;
import dev.chatgen.store.Database;
import dev.chatgen.testing.SharedEngine;
import dev.chatgen.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole path a chat message takes: stored, queued, planned by the real engine, rendered, posted once. */
class PipelineTest {
    private static final QueueConfig CONFIG = new QueueConfig(3, Duration.ofMillis(50), Duration.ofSeconds(2), 5,
            Duration.ofSeconds(60), Duration.ofMillis(20), Duration.ofMillis(300));

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private final Doorbell work = new Doorbell();
    private final Doorbell replies = new Doorbell();
    private final ScriptedBackend backend = new ScriptedBackend();
    private final RecordingSink sink = new RecordingSink();
    private Database db;
    private JobQueue queue;
    private Outbox outbox;
    private ChatService chat;
    private WorkerPool pool;
    private ReplyDispatcher dispatcher;
    private Thread dispatcherThread;

    @BeforeEach
    void start() {
        db = TestDatabases.open(TestDatabases.Kind.H2, dir);
        Conversations conversations = new Conversations(db, new AttachmentFiles(dir.resolve("attachments")),
                new HistoryWindow(Duration.ofMinutes(30), 8));
        queue = new JobQueue(db, CONFIG, clock, work, replies);
        outbox = new Outbox(db, clock, SharedEngine.catalog());
        chat = new ChatService(conversations, queue, outbox, clock);
        pool = newPool(conversations);
        pool.start();
        dispatcher = new ReplyDispatcher(outbox, sink, "test-dispatcher", replies, CONFIG.pollInterval());
        dispatcherThread = new Thread(dispatcher);
        dispatcherThread.start();
    }

    private WorkerPool newPool(Conversations conversations) {
        return new WorkerPool(queue, new JobPlanner(SharedEngine.engine(), conversations, db), () -> backend,
                new ImageFiles(dir.resolve("images")), outbox, 1, "test-process", work, clock);
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdown(Duration.ofSeconds(2));
        dispatcher.stop();
        dispatcherThread.join(2000);
        db.close();
    }

    private static final ConversationKey ANN = new ConversationKey("test", "g", "c", "", "ann");

    private long request(ConversationKey key, String text) {
        return assertInstanceOf(Outcome.Queued.class, chat.request(ChatTurn.of(key, text, List.of(), "channel-c"))).jobId();
    }

    private Reply replyOf(long jobId) throws InterruptedException {
        waitFor(() -> sink.posts.stream().anyMatch(r -> r.jobId() == jobId), "the reply of job " + jobId);
        return sink.posts.stream().filter(r -> r.jobId() == jobId).findFirst().orElseThrow();
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aRequest_isPostedOnce_withItsImageAndSteps() throws Exception {
        long job = request(ANN, "a cozy cabin in the snow, like a real photo");
        Reply reply = replyOf(job);

        assertTrue(reply.done());
        assertEquals("channel-c", reply.replyTarget());
        Path image = reply.image().orElseThrow();
        A1111Infotext infotext = A1111Infotext.parse(PngChunks.readText(Files.readAllBytes(image)).get("parameters"));
        Outbox.Steps steps = reply.steps().orElseThrow();
        assertEquals(steps.plan().prompt(), infotext.prompt());
        assertEquals(Optional.of(steps.plan().args().steps()), infotext.steps());
        assertEquals(steps.plan().model().id(), steps.trace().selection().modelId());
        assertEquals(JobStatus.DONE, queue.state(job).orElseThrow().status());
        String ran = db.inTransaction("read image", c -> {
            try (var r = c.createStatement().executeQuery("SELECT ran_checkpoint, ran_seed FROM image WHERE job_id = " + job)) {
                r.next();
                return r.getString(1) + "/" + r.getLong(2);
            }
        });
        assertEquals(steps.plan().checkpoint().id() + "/" + Worker.seed(job), ran, "the image row says what the backend ran");
        Thread.sleep(100);
        assertEquals(1, sink.posts.size());
    }

    @Test
    void aFollowUp_editsTheLastPlan_keepingItsModel() throws Exception {
        Outbox.Steps first = replyOf(request(ANN, "a cozy cabin in the snow, like a real photo")).steps().orElseThrow();
        Outbox.Steps second = replyOf(request(ANN, "make it darker")).steps().orElseThrow();

        assertEquals(first.plan().model().id(), second.plan().model().id());
        assertTrue(second.trace().selection().notes().contains("continues the previous image, made with " + first.plan().model().id()),
                second.trace().selection().notes().toString());
        assertTrue(second.plan().prompt().contains("cabin"), second.plan().prompt());
        assertEquals(first.plan().args(), second.plan().args(), "same sampler, steps, CFG and size");
    }

    @Test
    void aReplyToAPostedImage_continuesItsConversation_forAnyone() throws Exception {
        long job = request(ANN, "a watercolor painting of a lighthouse");
        Reply posted = replyOf(job);
        String messageId = sink.visibleByKey.get(posted.idempotencyKey());
        waitFor(() -> outbox.jobOfPostedMessage("test", messageId).isPresent(), "the posted message id to be recorded");

        ConversationKey bob = new ConversationKey("test", "g", "c", "", "bob");
        Outcome o = chat.request(new ChatTurn(bob, "but at night", List.of(), Optional.of("m-bob"), Optional.of(messageId), "channel-c"));
        Outbox.Steps steps = replyOf(((Outcome.Queued) o).jobId()).steps().orElseThrow();

        assertTrue(steps.trace().request().contains("lighthouse"), steps.trace().request());
    }

    @Test
    void aMessageDeliveredTwice_makesOneJob() {
        ChatTurn turn = new ChatTurn(ANN, "a red fox", List.of(), Optional.of("m-1"), Optional.empty(), "channel-c");
        long job = assertInstanceOf(Outcome.Queued.class, chat.request(turn)).jobId();
        Outcome again = chat.request(turn);

        assertEquals(new Outcome.AlreadyHandled(Optional.of(job)), again);
    }

    @Test
    void nothingToDraw_failsAtOnce_withTheEnginesExplanation() throws Exception {
        Reply reply = replyOf(request(ANN, "?!"));

        assertFalse(reply.done());
        assertTrue(reply.message().orElseThrow().startsWith("I couldn't find anything to draw"), reply.message().toString());
        assertEquals(0, backend.renders.get());
    }

    @Test
    void anUnreachableBackend_pausesRendering_withoutFailingTheJob() throws Exception {
        backend.unreachable = true;
        long job = request(ANN, "a red fox in the snow");
        waitFor(() -> queue.state(job).orElseThrow().status() == JobStatus.PLANNED && backend.renders.get() == 0, "the job to be planned");
        Thread.sleep(300);
        JobQueue.JobState waiting = queue.state(job).orElseThrow();
        assertEquals(JobStatus.PLANNED, waiting.status());

        backend.unreachable = false;
        assertTrue(replyOf(job).done());
    }

    @Test
    void aFailedRender_isTriedAgain() throws Exception {
        backend.failNext = 1;
        Reply reply = replyOf(request(ANN, "a red fox in the snow"));

        assertTrue(reply.done());
        assertEquals(1, backend.renders.get());
    }

    @Test
    void cancellingARunningJob_stopsTheRender_andPostsNothing() throws Exception {
        backend.holdUntil = new CountDownLatch(1);
        ConversationKey key = ANN;
        long job = request(key, "a red fox in the snow");
        backend.started.await();

        Outcome told = chat.cancel(ChatTurn.of(key, "/cancel", List.of(), "channel-c"));
        assertEquals(new Outcome.Told("Stopping job " + job + "; it will not be posted."), told);
        waitFor(() -> queue.state(job).orElseThrow().status() == JobStatus.CANCELLED, "the job to be cancelled");
        assertTrue(backend.cancelled, "the backend was told to stop");
        Thread.sleep(100);
        assertEquals(0, sink.posts.size());
    }

    @Test
    void shutdown_handsBackAJobItCannotFinish_andTheNextWorkerDoesIt() throws Exception {
        backend.holdUntil = new CountDownLatch(1);
        long job = request(ANN, "a red fox in the snow");
        backend.started.await();

        assertEquals(1, pool.shutdown(Duration.ofMillis(200)));
        JobQueue.JobState back = queue.state(job).orElseThrow();
        assertEquals(JobStatus.PLANNED, back.status());

        assertTrue(backend.cancelled, "the render it could not finish was stopped");
        backend.holdUntil = null;
        backend.cancelled = false; // the same scripted GPU serves the next pool
        Conversations conversations = new Conversations(db, new AttachmentFiles(dir.resolve("attachments")),
                new HistoryWindow(Duration.ofMinutes(30), 8));
        pool = newPool(conversations);
        pool.start();
        assertTrue(replyOf(job).done());
        Thread.sleep(200);
        assertEquals(1, sink.posts.stream().filter(r -> r.jobId() == job).count());
    }
}
