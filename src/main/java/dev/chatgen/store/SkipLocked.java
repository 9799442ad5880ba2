package dev.chatgen.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Claims the first row in order that no other transaction holds. {@code SELECT ... ORDER BY ...
 * FOR UPDATE SKIP LOCKED} would say it in one statement, but H2 then locks every row the WHERE
 * matches (measured: a second worker gets nothing instead of the next job). So: read the first
 * few candidates without locking, then lock them one by one, skipping those already taken.
 * Correct on PostgreSQL as well, at the cost of one more small query.
 */
public final class SkipLocked {
    private static final int CANDIDATES = 16;

    private SkipLocked() {
    }

    /** Reads the locked row's columns. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /**
     * The id of the first row of {@code table} matching {@code where} in {@code order} that this
     * transaction could lock, or -1. The row stays locked until the transaction ends.
     */
    public static long lockFirst(Connection c, String table, String where, String order, List<Object> params) throws SQLException {
        Long id = lockFirst(c, table, "id", where, order, params, r -> r.getLong(1));
        return id == null ? -1 : id;
    }

    /** As {@link #lockFirst(Connection, String, String, String, List)}, reading {@code columns} of the locked row; null when none. */
    public static <T> T lockFirst(Connection c, String table, String columns, String where, String order, List<Object> params,
                                  RowReader<T> reader) throws SQLException {
        List<Long> candidates = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT id FROM " + table + " WHERE " + where + " ORDER BY " + order
                + " FETCH FIRST " + CANDIDATES + " ROWS ONLY")) {
            bind(q, params, 0);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    candidates.add(r.getLong(1));
                }
            }
        }
        // The WHERE is checked again under the lock: the row may have moved on since it was read.
        try (PreparedStatement q = c.prepareStatement("SELECT " + columns + " FROM " + table + " WHERE id = ? AND " + where
                + " FOR UPDATE SKIP LOCKED")) {
            for (long id : candidates) {
                q.setLong(1, id);
                bind(q, params, 1);
                try (ResultSet r = q.executeQuery()) {
                    if (r.next()) {
                        return reader.read(r);
                    }
                }
            }
        }
        return null;
    }

    private static void bind(PreparedStatement q, List<Object> params, int offset) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            q.setObject(offset + i + 1, params.get(i));
        }
    }
}
