package dev.chatgen.moderation;

import dev.chatgen.store.Database;
import dev.chatgen.store.Sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * "Forget me": deletes what is stored about one person on one platform. Their messages go with
 * their attachments, their jobs with trace, picture and reply, waiting and running ones too (a
 * worker holding one finds its row gone at its next heartbeat and drops it). Other people's
 * messages stay, even in a conversation the person started; that conversation loses their id.
 * The audit log keeps its rows, with the person's name replaced.
 */
public final class ForgetMe {
    /** What stands for the person where a row must stay (audit log, a conversation others wrote in). */
    public static final String FORGOTTEN = "forgotten";

    private final Database db;
    private final int batch;

    public ForgetMe(Database db) {
        this(db, Retention.BATCH);
    }

    ForgetMe(Database db, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, was " + batch);
        }
        this.db = db;
        this.batch = batch;
    }

    /** How many rows of each kind were deleted. */
    public record Forgotten(int turns, int jobs, int images, int attachments) {
    }

    public Forgotten forget(String platform, String userId) {
        String requester = Sql.fit(platform + ":" + userId, 200); // as JobQueue stores it
        String who = "forget " + requester;
        Erasure.Removed jobs = Erasure.inBatches(db, who + ": jobs", batch,
                (c, after, limit) -> Erasure.ids(c, "SELECT id FROM generation_job WHERE requester = ? AND id > ? ORDER BY id FETCH FIRST "
                        + limit + " ROWS ONLY", List.of(requester, after)),
                Erasure::deleteJobs);
        Erasure.Removed turns = Erasure.inBatches(db, who + ": messages", batch,
                (c, after, limit) -> Erasure.ids(c, "SELECT id FROM turn WHERE platform = ? AND author_id = ? AND id > ? ORDER BY id "
                        + "FETCH FIRST " + limit + " ROWS ONLY", List.of(platform, userId, after)),
                ForgetMe::deleteTurns);
        db.inTransaction(who + ": conversations and audit log", c -> {
            String user = Sql.fit(userId, 128); // as Conversations stores it
            Erasure.update(c, "DELETE FROM conversation v WHERE platform = ? AND user_id = ? AND " + Erasure.EMPTY, List.of(platform, user));
            // Left: conversations where others replied to the person's pictures. Reset, so nobody's messages join them again.
            Erasure.update(c, "UPDATE conversation SET user_id = ?, reset_at = COALESCE(reset_at, CURRENT_TIMESTAMP) "
                    + "WHERE platform = ? AND user_id = ?", List.of(FORGOTTEN, platform, user));
            // The actor is the platform's user id; the requester form is matched too, should a caller have written that.
            return Erasure.update(c, "UPDATE audit_log SET actor = ? WHERE platform = ? AND actor IN (?, ?)",
                    List.of(FORGOTTEN, platform, Sql.fit(userId, 128), Sql.fit(requester, 128)));
        });
        Erasure.Removed all = jobs.plus(turns);
        return new Forgotten(all.turns(), all.jobs(), all.images(), all.attachments());
    }

    /** Their turns, any job still on one of them (whoever it names as requester), and conversations left empty. */
    private static Erasure.Removed deleteTurns(Connection c, List<Long> turnIds) throws SQLException {
        Erasure.Removed jobs = Erasure.deleteJobs(c, Erasure.ids(c, "SELECT id FROM generation_job WHERE turn_id IN ("
                + Erasure.marks(turnIds.size()) + ")", turnIds));
        Set<Long> conversations = Erasure.conversationsOf(c, turnIds);
        return jobs.plus(Erasure.deleteTurns(c, turnIds)).plus(Erasure.deleteEmptyConversations(c, conversations));
    }
}
