package dev.chatgen.moderation;

import dev.chatgen.chat.Attachment;
import dev.chatgen.chat.AttachmentFiles;
import dev.chatgen.chat.ChatTurn;
import dev.chatgen.chat.ConversationKey;
import dev.chatgen.chat.Conversations;
import dev.chatgen.chat.HistoryWindow;
import dev.chatgen.chat.StoredTurn;
import dev.chatgen.chat.TurnKind;
import dev.chatgen.config.QueueConfig;
import dev.chatgen.queue.Claim;
import dev.chatgen.queue.Doorbell;
import dev.chatgen.queue.ImageFiles;
import dev.chatgen.queue.ImageRecord;
import dev.chatgen.queue.JobQueue;
import dev.chatgen.queue.SubmitResult;
import dev.chatgen.queue.Submission;
import dev.chatgen.render.RenderedImage;
import dev.chatgen.store.Database;
import dev.chatgen.store.Sql;
import dev.chatgen.testing.MutableClock;
import dev.chatgen.testing.TestDatabases;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A real database with the chat store and the job queue over it, on a clock the test moves:
 * messages, jobs run to an image file, jobs left waiting or rendering, and counts to check.
 */
final class ErasureFixture implements AutoCloseable {
    static final String PLATFORM = "test";
    private static final QueueConfig CONFIG = new QueueConfig(3, Duration.ofSeconds(5), Duration.ofSeconds(30), 50,
            Duration.ofSeconds(60), Duration.ofMillis(20), Duration.ofSeconds(5));

    final MutableClock clock = MutableClock.atNoon();
    final Database db;
    final Conversations conversations;
    final JobQueue queue;
    final ImageFiles images;

    ErasureFixture(TestDatabases.Kind kind, Path dir) {
        db = TestDatabases.open(kind, dir);
        conversations = new Conversations(db, new AttachmentFiles(dir.resolve("attachments")), new HistoryWindow(Duration.ofMinutes(30), 8));
        queue = new JobQueue(db, CONFIG, clock, new Doorbell(), new Doorbell());
        images = new ImageFiles(dir.resolve("images"));
    }

    static ConversationKey key(String user, String channel) {
        return new ConversationKey(PLATFORM, "guild", channel, "", user);
    }

    /** A message of {@code user} in channel "c1", with files attached. */
    StoredTurn say(String user, String text, byte[]... files) {
        return say(key(user, "c1"), text, Optional.empty(), files);
    }

    StoredTurn say(ConversationKey key, String text, Optional<Conversations.Continuation> continuing, byte[]... files) {
        List<Attachment> attachments = new ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            attachments.add(new Attachment("file-" + i + ".png", files[i]));
        }
        return conversations.store(ChatTurn.of(key, text, attachments, "target"), TurnKind.REQUEST, continuing, clock.instant());
    }

    /** Queues the turn's job for its author; returns the job id. */
    long submit(StoredTurn t, String user) {
        SubmitResult r = queue.submit(new Submission(t.id(), t.conversationId(), PLATFORM, PLATFORM + ":" + user, "target"));
        return ((SubmitResult.Accepted) r).jobId();
    }

    /** Plans and renders the only waiting job, and finishes it with its image file written. */
    long finish(long jobId) {
        Claim claim = render(jobId);
        ImageRecord image = images.save(jobId, new RenderedImage(("png of job " + jobId).getBytes(), 8, 8,
                new RenderedImage.Ran("sd15", "euler", 1, List.of(), List.of()), Duration.ofMillis(5)), "test");
        if (!queue.done(claim, image)) {
            throw new AssertionError("job " + jobId + " did not finish");
        }
        return jobId;
    }

    /** Plans the only waiting job straight into this worker's render; it stays RENDERING under the claim. */
    Claim render(long jobId) {
        Claim claim = queue.planNext("w1", true, c -> new JobQueue.Planning.Planned("sd15", "{}", "{}"))
                .orElseThrow().renderNow().orElseThrow();
        if (claim.jobId() != jobId) {
            throw new AssertionError("planned job " + claim.jobId() + ", not " + jobId);
        }
        return claim;
    }

    /** A message of {@code user} whose picture was made: the job id. */
    long picture(String user, String text, byte[]... files) {
        return finish(submit(say(user, text, files), user));
    }

    long count(String sql, Object... params) {
        return db.inTransaction("count", c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    s.setObject(i + 1, params[i]);
                }
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }

    String string(String sql, Object... params) {
        return db.inTransaction("read", c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    s.setObject(i + 1, params[i]);
                }
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            }
        });
    }

    Path imageFile(long jobId) {
        return Path.of(string("SELECT stored_path FROM image WHERE job_id = ?", jobId));
    }

    Path attachmentFile(byte[] bytes) {
        return Path.of(string("SELECT stored_path FROM attachment WHERE sha256 = ?", AttachmentFiles.sha256(bytes)));
    }

    void audit(String platform, String actor, String action) {
        db.inTransaction("audit", c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_log (at, platform, actor, action) VALUES (?, ?, ?, ?)")) {
                s.setObject(1, Sql.at(clock.instant()));
                s.setString(2, platform);
                s.setString(3, actor);
                s.setString(4, action);
                return s.executeUpdate();
            }
        });
    }

    /** Rows in each table, in a fixed order: conversation, turn, attachment, job, trace, image, outbox. */
    List<Long> rows() {
        return Arrays.stream(new String[] {"conversation", "turn", "attachment", "generation_job", "step_trace", "image", "outbox"})
                .map(t -> count("SELECT COUNT(*) FROM " + t)).toList();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        db.close();
    }
}
