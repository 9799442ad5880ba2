package dev.chatgen.queue;

import dev.chatgen.chat.AttachmentFiles;
import dev.chatgen.chat.ChatTurn;
import dev.chatgen.chat.ConversationKey;
import dev.chatgen.chat.Conversations;
import dev.chatgen.chat.HistoryWindow;
import dev.chatgen.chat.StoredTurn;
import dev.chatgen.chat.TurnKind;
import dev.chatgen.config.QueueConfig;
import dev.chatgen.store.Database;
import dev.chatgen.testing.MutableClock;
import dev.chatgen.testing.TestDatabases;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A real database with the chat store and the queue over it, on a clock the test moves. */
final class QueueFixture implements AutoCloseable {
    static final QueueConfig CONFIG = new QueueConfig(3, Duration.ofSeconds(5), Duration.ofSeconds(30), 5,
            Duration.ofSeconds(60), Duration.ofMillis(20), Duration.ofSeconds(5));

    final MutableClock clock = MutableClock.atNoon();
    final Database db;
    final Conversations conversations;
    final JobQueue queue;
    final Outbox outbox;
    final Doorbell work = new Doorbell();
    final Doorbell replies = new Doorbell();

    QueueFixture(TestDatabases.Kind kind, Path dir) {
        this(kind, dir, CONFIG);
    }

    QueueFixture(TestDatabases.Kind kind, Path dir, QueueConfig config) {
        db = TestDatabases.open(kind, dir);
        conversations = new Conversations(db, new AttachmentFiles(dir.resolve("attachments")),
                new HistoryWindow(Duration.ofMinutes(30), 8));
        queue = new JobQueue(db, config, clock, work, replies);
        outbox = new Outbox(db, clock, dev.chatgen.testing.SharedEngine.catalog());
    }

    static ConversationKey key(String user) {
        return new ConversationKey("test", "guild", "channel", "", user);
    }

    StoredTurn turn(String user, String text) {
        return conversations.store(ChatTurn.of(key(user), text, List.of(), "target-" + user), TurnKind.REQUEST,
                Optional.empty(), clock.instant());
    }

    /** A request of {@code user}, stored and queued; returns the job id. */
    long submit(String user) {
        StoredTurn t = turn(user, "a lighthouse at dusk");
        SubmitResult r = queue.submit(new Submission(t.id(), t.conversationId(), "test", "test:" + user, "target-" + user));
        return ((SubmitResult.Accepted) r).jobId();
    }

    /** Plans the next job with a plan that names {@code checkpoint}; it joins the GPU line. Returns its id. */
    long plan(String worker, String checkpoint) {
        return queue.planNext(worker, false, c -> new JobQueue.Planning.Planned(checkpoint, "{\"model\":\"" + checkpoint + "\"}", "{}"))
                .orElseThrow().jobId();
    }

    JobQueue.JobState state(long jobId) {
        return queue.state(jobId).orElseThrow();
    }

    @Override
    public void close() {
        db.close();
    }
}
