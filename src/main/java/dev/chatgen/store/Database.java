package dev.chatgen.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The open, migrated database: pooled connections and a transaction helper. Repositories live
 * with the feature they serve (chat, queue) and run their plain SQL through {@link #inTransaction}.
 */
public final class Database implements AutoCloseable {
    private final DataSource dataSource;
    private final Dialect dialect;
    private final String description;
    private final AutoCloseable closer;

    Database(DataSource dataSource, Dialect dialect, String description, AutoCloseable closer) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.description = description;
        this.closer = closer;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Where the data lives, for logs: a file path or a URL without credentials. */
    public String description() {
        return description;
    }

    /**
     * Runs the work in one transaction: committed when it returns, rolled back when it throws.
     * {@code what} names the operation for the error message ("store turn", "claim job").
     */
    public <T> T inTransaction(String what, SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(what + " failed: " + e.getMessage(), e);
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException rollback) {
            cause.addSuppressed(rollback);
        }
    }

    @Override
    public void close() {
        try {
            closer.close();
        } catch (Exception e) {
            throw new StoreException("closing the database at " + description + " failed: " + e.getMessage(), e);
        }
    }
}
