package dev.chatgen.chat;

import dev.chatgen.store.Database;
import dev.chatgen.store.Sql;
import dev.chatgen.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The conversation store: turns committed as they arrive, and the history a request is planned from. */
public final class Conversations {
    private static final Logger LOG = LoggerFactory.getLogger(Conversations.class);

    private final Database db;
    private final AttachmentFiles files;
    private final HistoryWindow window;

    public Conversations(Database db, AttachmentFiles files, HistoryWindow window) {
        this.db = db;
        this.files = files;
        this.window = window;
    }

    /** Continue this conversation, because the turn replies to one of its images. */
    public record Continuation(long conversationId, long jobId) {
    }

    /**
     * Commits the turn (and its attachments) and returns it. A message the platform delivered
     * before is not stored again: the earlier turn comes back marked as a duplicate.
     */
    public StoredTurn store(ChatTurn turn, TurnKind kind, Optional<Continuation> continuing, Instant now) {
        return store(turn, kind, continuing, now, (c, stored) -> null).turn();
    }

    /** Work that goes into the same commit as the turn it follows (queueing its job). */
    @FunctionalInterface
    public interface InSameCommit<T> {
        T run(Connection c, StoredTurn turn) throws SQLException;
    }

    /** The stored turn and what the follow-up returned (null for a duplicate, which runs none). */
    public record Stored<T>(StoredTurn turn, T followUp) {
    }

    /**
     * Stores the turn and runs {@code followUp} in the same commit, behind a savepoint: should the
     * follow-up fail, the turn is committed all the same and the failure is rethrown.
     */
    public <T> Stored<T> store(ChatTurn turn, TurnKind kind, Optional<Continuation> continuing, Instant now, InSameCommit<T> followUp) {
        List<AttachmentFiles.Saved> saved = turn.attachments().stream().map(a -> files.save(a.bytes())).toList();
        RuntimeException[] followUpFailure = {null};
        Stored<T> stored;
        try {
            stored = db.inTransaction("store turn of " + turn.key(), c -> {
                StoredTurn t = insert(c, turn, kind, continuing, saved, now);
                if (t.duplicate()) {
                    return new Stored<T>(t, null);
                }
                Savepoint turnStored = c.setSavepoint();
                try {
                    return new Stored<>(t, followUp.run(c, t));
                } catch (SQLException | RuntimeException e) {
                    c.rollback(turnStored);
                    followUpFailure[0] = e instanceof RuntimeException r ? r : new StoreException("after storing turn " + t.id() + ": " + e.getMessage(), e);
                    return new Stored<T>(t, null);
                }
            });
        } catch (RuntimeException e) {
            if (turn.platformMessageId().isPresent() && Sql.isUniqueViolation(e)) {
                // Delivered twice at the same moment: the other delivery stored it.
                return new Stored<>(db.inTransaction("find turn", c -> findByMessage(c, turn.key().platform(), turn.platformMessageId().get()))
                        .orElseThrow(() -> e), null);
            }
            throw e;
        }
        if (followUpFailure[0] != null) {
            throw followUpFailure[0];
        }
        return stored;
    }

    private StoredTurn insert(Connection c, ChatTurn turn, TurnKind kind, Optional<Continuation> continuing,
                              List<AttachmentFiles.Saved> saved, Instant now) throws SQLException {
        if (turn.platformMessageId().isPresent()) {
            Optional<StoredTurn> earlier = findByMessage(c, turn.key().platform(), turn.platformMessageId().get());
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        long conversation = continuing.isPresent() ? continuing.get().conversationId() : currentOrNew(c, turn.key(), now);
        long id;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO turn (conversation_id, platform, platform_message_id, "
                + "author_id, body, kind, reply_to_job_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, conversation);
            s.setString(2, turn.key().platform());
            s.setString(3, turn.platformMessageId().orElse(null));
            s.setString(4, turn.key().user());
            s.setString(5, turn.text());
            s.setString(6, kind.name());
            if (continuing.isPresent()) {
                s.setLong(7, continuing.get().jobId());
            } else {
                s.setNull(7, Types.BIGINT);
            }
            s.setObject(8, Sql.at(now));
            s.executeUpdate();
            id = Sql.generatedId(s);
        }
        for (int i = 0; i < saved.size(); i++) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO attachment (turn_id, file_name, size_bytes, sha256, stored_path) "
                    + "VALUES (?, ?, ?, ?, ?)")) {
                s.setLong(1, id);
                s.setString(2, Sql.fit(turn.attachments().get(i).fileName(), 255));
                s.setLong(3, saved.get(i).size());
                s.setString(4, saved.get(i).sha256());
                s.setString(5, saved.get(i).path().toString());
                s.executeUpdate();
            }
        }
        return new StoredTurn(id, conversation, now, false);
    }

    /** A message edited on its platform: its turn takes the new words. Returns whether the message was stored. */
    public boolean edit(String platform, String platformMessageId, String text, Instant now) {
        return db.inTransaction("edit turn of message " + platformMessageId, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE turn SET body = ?, edited_at = ? WHERE platform = ? "
                    + "AND platform_message_id = ? AND deleted_at IS NULL")) {
                s.setString(1, text);
                s.setObject(2, Sql.at(now));
                s.setString(3, platform);
                s.setString(4, platformMessageId);
                return s.executeUpdate() > 0;
            }
        });
    }

    /**
     * A message deleted on its platform: its words and attachments are removed from storage (the
     * files too, unless another message carries the same picture); the turn row stays, empty,
     * because jobs refer to it. Returns whether the message was stored.
     */
    public boolean delete(String platform, String platformMessageId, Instant now) {
        List<Path> unreferenced = new ArrayList<>();
        boolean deleted = db.inTransaction("delete turn of message " + platformMessageId, c -> {
            Long turnId = null;
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM turn WHERE platform = ? AND platform_message_id = ?")) {
                s.setString(1, platform);
                s.setString(2, platformMessageId);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        turnId = r.getLong(1);
                    }
                }
            }
            if (turnId == null) {
                return false;
            }
            List<String[]> files = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT sha256, stored_path FROM attachment WHERE turn_id = ?")) {
                s.setLong(1, turnId);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        files.add(new String[] {r.getString(1), r.getString(2)});
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM attachment WHERE turn_id = ?")) {
                s.setLong(1, turnId);
                s.executeUpdate();
            }
            for (String[] f : files) {
                try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM attachment WHERE sha256 = ?")) {
                    s.setString(1, f[0]);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        if (r.getInt(1) == 0) {
                            unreferenced.add(Path.of(f[1]));
                        }
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE turn SET body = '', deleted_at = ? WHERE id = ?")) {
                s.setObject(1, Sql.at(now));
                s.setLong(2, turnId);
                s.executeUpdate();
            }
            return true;
        });
        for (Path p : unreferenced) {
            try {
                java.nio.file.Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.warn("Could not delete attachment file {} of a deleted message: {}", p, e.getMessage());
            }
        }
        return deleted;
    }

    /** Whether the bot has a conversation in this thread (it was asked there), whoever asked and whether or not it was reset. */
    public boolean inThread(String platform, String workspace, String channel, String thread) {
        return db.inTransaction("look for a conversation in thread " + thread, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM conversation WHERE platform = ? AND workspace = ? AND channel = ? "
                    + "AND thread = ? FETCH FIRST 1 ROWS ONLY")) {
                s.setString(1, platform);
                s.setString(2, Sql.fit(workspace, 128));
                s.setString(3, Sql.fit(channel, 128));
                s.setString(4, Sql.fit(thread, 128));
                try (ResultSet r = s.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    /** Starts afresh: the next turn of this key opens a new conversation. Returns whether one was open. */
    public boolean reset(ConversationKey key, Instant now) {
        return db.inTransaction("reset " + key, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE conversation SET reset_at = ? WHERE platform = ? AND workspace = ? "
                    + "AND channel = ? AND thread = ? AND user_id = ? AND reset_at IS NULL")) {
                s.setObject(1, Sql.at(now));
                bindKey(s, 2, key);
                return s.executeUpdate() > 0;
            }
        });
    }

    /** The turns and attachments that the request turn is planned from. */
    public History history(long requestTurnId) {
        return db.inTransaction("read history of turn " + requestTurnId, c -> {
            long conversation;
            Optional<Long> replyTo;
            try (PreparedStatement s = c.prepareStatement("SELECT conversation_id, reply_to_job_id FROM turn WHERE id = ?")) {
                s.setLong(1, requestTurnId);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        throw new SQLException("turn " + requestTurnId + " does not exist");
                    }
                    conversation = r.getLong(1);
                    long job = r.getLong(2);
                    replyTo = r.wasNull() ? Optional.empty() : Optional.of(job);
                }
            }
            List<HistoryWindow.Entry> recent = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, created_at, body FROM turn WHERE conversation_id = ? AND id <= ? "
                    + "AND kind IN ('REQUEST', 'CONTEXT') AND deleted_at IS NULL ORDER BY id DESC FETCH FIRST " + window.maxTurns() + " ROWS ONLY")) {
                s.setLong(1, conversation);
                s.setLong(2, requestTurnId);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        recent.add(0, new HistoryWindow.Entry(r.getLong(1), Sql.instant(r, "created_at"), r.getString(3)));
                    }
                }
            }
            List<String> texts = window.select(recent).stream().map(HistoryWindow.Entry::text).toList();
            return new History(texts, attachments(c, requestTurnId), replyTo);
        });
    }

    /** The files attached to one turn (a render's starting picture), without reading its history. */
    public List<Attachment> attachments(long turnId) {
        return db.inTransaction("read attachments of turn " + turnId, c -> attachments(c, turnId));
    }

    /** The requests a new message of this key would be planned with (for /history), oldest first. */
    public List<String> recent(ConversationKey key, Instant now) {
        return db.inTransaction("read recent turns of " + key, c -> {
            List<HistoryWindow.Entry> recent = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT t.id, t.created_at, t.body FROM turn t JOIN conversation v ON v.id = t.conversation_id "
                    + "WHERE v.platform = ? AND v.workspace = ? AND v.channel = ? AND v.thread = ? AND v.user_id = ? AND v.reset_at IS NULL "
                    + "AND t.kind IN ('REQUEST', 'CONTEXT') AND t.deleted_at IS NULL ORDER BY t.id DESC FETCH FIRST " + window.maxTurns() + " ROWS ONLY")) {
                bindKey(s, 1, key);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        recent.add(0, new HistoryWindow.Entry(r.getLong(1), Sql.instant(r, "created_at"), r.getString(3)));
                    }
                }
            }
            // As if a new message came now: the window counts back from now.
            recent.add(new HistoryWindow.Entry(-1, now, ""));
            List<HistoryWindow.Entry> kept = new ArrayList<>(window.select(recent));
            kept.remove(kept.size() - 1);
            return kept.stream().map(HistoryWindow.Entry::text).toList();
        });
    }

    /** The earliest time a turn of this request's history may have; earlier plans are not continued. */
    public Instant windowStart(Instant requestAt) {
        return requestAt.minus(window.window());
    }

    private List<Attachment> attachments(Connection c, long turnId) throws SQLException {
        List<Attachment> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT file_name, stored_path FROM attachment WHERE turn_id = ? ORDER BY id")) {
            s.setLong(1, turnId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Path path = Path.of(r.getString(2));
                    try {
                        out.add(new Attachment(r.getString(1), files.read(path)));
                    } catch (IOException e) {
                        LOG.warn("Attachment {} of turn {} is missing from {}; planning without it", r.getString(1), turnId, path);
                    }
                }
            }
        }
        return out;
    }

    private static long currentOrNew(Connection c, ConversationKey key, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM conversation WHERE platform = ? AND workspace = ? AND channel = ? "
                + "AND thread = ? AND user_id = ? AND reset_at IS NULL ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")) {
            bindKey(s, 1, key);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    return r.getLong(1);
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO conversation (platform, workspace, channel, thread, user_id, started_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            bindKey(s, 1, key);
            s.setObject(6, Sql.at(now));
            s.executeUpdate();
            return Sql.generatedId(s);
        }
    }

    private static Optional<StoredTurn> findByMessage(Connection c, String platform, String messageId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, conversation_id, created_at FROM turn WHERE platform = ? AND platform_message_id = ?")) {
            s.setString(1, platform);
            s.setString(2, messageId);
            try (ResultSet r = s.executeQuery()) {
                return r.next()
                        ? Optional.of(new StoredTurn(r.getLong(1), r.getLong(2), Sql.instant(r, "created_at"), true))
                        : Optional.empty();
            }
        }
    }

    private static void bindKey(PreparedStatement s, int from, ConversationKey key) throws SQLException {
        s.setString(from, key.platform());
        s.setString(from + 1, Sql.fit(key.workspace(), 128));
        s.setString(from + 2, Sql.fit(key.channel(), 128));
        s.setString(from + 3, Sql.fit(key.thread(), 128));
        s.setString(from + 4, Sql.fit(key.owner(), 128));
    }
}
