package dev.chatgen.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The few JDBC conversions every repository needs, written once for H2 and PostgreSQL alike. */
public final class Sql {
    private static final String UNIQUE_VIOLATION = "23505"; // the same SQLSTATE on H2 and PostgreSQL

    private Sql() {
    }

    /** An instant as a TIMESTAMP WITH TIME ZONE parameter. */
    public static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** A TIMESTAMP WITH TIME ZONE column, or null. */
    public static Instant instant(ResultSet r, String column) throws SQLException {
        OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    public static long generatedId(PreparedStatement s) throws SQLException {
        try (ResultSet keys = s.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("the insert returned no id");
            }
            return keys.getLong(1);
        }
    }

    /** Whether a unique constraint refused the write (someone else stored the same thing first). */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Cut to a column's width, so an over-long platform id fails nothing. */
    public static String fit(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
