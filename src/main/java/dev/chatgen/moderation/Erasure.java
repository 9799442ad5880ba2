package dev.chatgen.moderation;

import dev.chatgen.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deletes stored rows in foreign-key order, in batches of their own transactions, and the files
 * they name only after the commit that removed them: a crash leaves an orphan file, never a row
 * that points to nothing. Shared by {@link Retention} and {@link ForgetMe}.
 */
final class Erasure {
    private static final Logger LOG = LoggerFactory.getLogger(Erasure.class);

    /** A conversation (aliased v) with no turn and no job: nothing points at it any more. */
    static final String EMPTY = "NOT EXISTS (SELECT 1 FROM turn t WHERE t.conversation_id = v.id) "
            + "AND NOT EXISTS (SELECT 1 FROM generation_job j WHERE j.conversation_id = v.id)";

    private Erasure() {
    }

    /** What was deleted, and the files to delete once that is committed. */
    record Removed(int jobs, int images, int turns, int attachments, int conversations, List<Path> files) {
        static final Removed NONE = new Removed(0, 0, 0, 0, 0, List.of());

        Removed {
            files = List.copyOf(files);
        }

        Removed plus(Removed o) {
            List<Path> all = new ArrayList<>(files);
            all.addAll(o.files);
            return new Removed(jobs + o.jobs, images + o.images, turns + o.turns, attachments + o.attachments,
                    conversations + o.conversations, all);
        }

        /** The counts alone, once the files are deleted. */
        Removed counts() {
            return new Removed(jobs, images, turns, attachments, conversations, List.of());
        }
    }

    /** The next batch of ids to delete: at most {@code limit}, all above {@code after}, in id order. */
    @FunctionalInterface
    interface Select {
        List<Long> ids(Connection c, long after, int limit) throws SQLException;
    }

    /** Deletes the selected rows and what hangs off them, in the batch's transaction. */
    @FunctionalInterface
    interface Delete {
        Removed rows(Connection c, List<Long> ids) throws SQLException;
    }

    /**
     * Selects and deletes batch after batch, one transaction each, until a batch comes back short.
     * Paging by id means a row that must stay (an unfinished job's turn) is read past only once.
     */
    static Removed inBatches(Database db, String what, int batch, Select select, Delete delete) {
        record Step(List<Long> ids, Removed removed) {
        }
        Removed total = Removed.NONE;
        long after = Long.MIN_VALUE;
        while (true) {
            long from = after;
            Step step = db.inTransaction(what, c -> {
                List<Long> ids = select.ids(c, from, batch);
                return new Step(ids, ids.isEmpty() ? Removed.NONE : delete.rows(c, ids));
            });
            deleteFiles(step.removed().files(), what); // after the commit: at worst an orphan file, never a row without one
            total = total.plus(step.removed().counts());
            if (step.ids().size() < batch) {
                return total;
            }
            after = step.ids().get(step.ids().size() - 1);
        }
    }

    /**
     * Jobs with their trace, image and outbox rows; the image files are returned. The jobs are
     * locked first, so a worker planning one (its lock held while it writes the trace) finishes
     * before anything of it is deleted.
     */
    static Removed deleteJobs(Connection c, List<Long> jobIds) throws SQLException {
        if (jobIds.isEmpty()) {
            return Removed.NONE;
        }
        List<Long> locked = ids(c, "SELECT id FROM generation_job WHERE id IN (" + marks(jobIds.size()) + ") FOR UPDATE", jobIds);
        if (locked.isEmpty()) {
            return Removed.NONE;
        }
        String in = " IN (" + marks(locked.size()) + ")";
        List<Path> files = new ArrayList<>();
        for (String path : strings(c, "SELECT stored_path FROM image WHERE job_id" + in, locked)) {
            files.add(Path.of(path));
        }
        update(c, "DELETE FROM step_trace WHERE job_id" + in, locked);
        update(c, "DELETE FROM outbox WHERE job_id" + in, locked);
        int images = update(c, "DELETE FROM image WHERE job_id" + in, locked);
        int jobs = update(c, "DELETE FROM generation_job WHERE id" + in, locked);
        return new Removed(jobs, images, 0, 0, 0, files);
    }

    /**
     * Turns with their attachment rows; returned are the attachment files that no remaining row
     * refers to (the same bytes sent twice share one file, named by their sha256).
     */
    static Removed deleteTurns(Connection c, List<Long> turnIds) throws SQLException {
        if (turnIds.isEmpty()) {
            return Removed.NONE;
        }
        String in = " IN (" + marks(turnIds.size()) + ")";
        Map<String, Path> bySha = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT sha256, stored_path FROM attachment WHERE turn_id" + in)) {
            bind(s, turnIds);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    bySha.putIfAbsent(r.getString(1), Path.of(r.getString(2)));
                }
            }
        }
        int attachments = update(c, "DELETE FROM attachment WHERE turn_id" + in, turnIds);
        int turns = update(c, "DELETE FROM turn WHERE id" + in, turnIds);
        if (!bySha.isEmpty()) {
            List<String> shas = new ArrayList<>(bySha.keySet());
            // One scan for the whole batch: attachment has no index on sha256.
            strings(c, "SELECT DISTINCT sha256 FROM attachment WHERE sha256 IN (" + marks(shas.size()) + ")", shas)
                    .forEach(bySha::remove);
        }
        return new Removed(0, 0, turns, attachments, 0, new ArrayList<>(new LinkedHashSet<>(bySha.values())));
    }

    /** Those of the conversations that have no turn and no job left; checked again as they are deleted. */
    static Removed deleteEmptyConversations(Connection c, Collection<Long> conversationIds) throws SQLException {
        if (conversationIds.isEmpty()) {
            return Removed.NONE;
        }
        int gone = update(c, "DELETE FROM conversation v WHERE id IN (" + marks(conversationIds.size()) + ") AND " + EMPTY,
                new ArrayList<>(conversationIds));
        return new Removed(0, 0, 0, 0, gone, List.of());
    }

    /** The conversations the turns belong to, read before they are deleted. */
    static Set<Long> conversationsOf(Connection c, List<Long> turnIds) throws SQLException {
        if (turnIds.isEmpty()) {
            return Set.of();
        }
        return new LinkedHashSet<>(ids(c, "SELECT DISTINCT conversation_id FROM turn WHERE id IN (" + marks(turnIds.size()) + ")", turnIds));
    }

    /** Deleted after their rows' commit; a file already gone is fine, one that will not go is logged and left. */
    static void deleteFiles(List<Path> files, String what) {
        for (Path p : files) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.warn("{}: could not delete {}: {}", what, p, e.getMessage());
            }
        }
    }

    static List<Long> ids(Connection c, String sql, List<?> params) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getLong(1));
                }
            }
        }
        return out;
    }

    static int update(Connection c, String sql, List<?> params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            return s.executeUpdate();
        }
    }

    private static List<String> strings(Connection c, String sql, List<?> params) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    private static void bind(PreparedStatement s, List<?> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            s.setObject(i + 1, params.get(i));
        }
    }

    static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
