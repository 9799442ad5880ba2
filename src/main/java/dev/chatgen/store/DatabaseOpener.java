package dev.chatgen.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chatgen.config.StoreConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.api.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Opens the configured database and applies the migrations, or explains why it cannot. It never
 * creates a fresh database where user data says one existed, and never works around a locked,
 * corrupt or half-migrated file.
 */
public final class DatabaseOpener {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOpener.class);
    static final String H2_FILE_SUFFIX = ".mv.db";
    static final String H2_SETTINGS = ";WRITE_DELAY=0;RETENTION_TIME=0;DB_CLOSE_ON_EXIT=FALSE";
    /** Where the build puts the repository's migrations/ folder inside the jar. */
    static final String BUILT_IN_MIGRATIONS = "classpath:db/migration";

    private DatabaseOpener() {
    }

    /**
     * Opens and migrates. {@code userData} are folders whose files were made with this database
     * (images, attachments): if the embedded database file is gone while they hold files, that is
     * an error, not a first start.
     */
    public static Database open(StoreConfig store, int poolSize, List<Path> userData) {
        Target target = target(store);
        if (target.dialect() == Dialect.H2 && store.url().isEmpty()) {
            refuseToRecreate(store.path(), userData);
        }
        String migrations = location(store);
        HikariDataSource pool = pool(target, store, poolSize);
        try {
            migrate(pool, migrations, target);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, target.dialect(), target.description(), pool);
    }

    /** Applies the migrations and closes; what {@code chatgen migrate} does. Returns how many were applied. */
    public static int migrateOnly(StoreConfig store, List<Path> userData) {
        Target target = target(store);
        if (target.dialect() == Dialect.H2 && store.url().isEmpty()) {
            refuseToRecreate(store.path(), userData);
        }
        try (HikariDataSource pool = pool(target, store, 1)) {
            return migrate(pool, location(store), target);
        }
    }

    private record Target(String url, Dialect dialect, String description) {
    }

    private static Target target(StoreConfig store) {
        if (store.url().isEmpty()) {
            Path file = store.path().toAbsolutePath();
            // WRITE_DELAY=0: H2 otherwise writes commits to the file up to half a second later, and a
            // killed process loses every turn and job committed in that time (measured: all of them).
            // RETENTION_TIME=0: with a write per commit, H2 would keep 45 s of old chunks (hundreds of MB).
            // DB_CLOSE_ON_EXIT=FALSE: we close it ourselves after the graceful shutdown, which still
            // needs it to hand back leases and flush the outbox.
            return new Target("jdbc:h2:file:" + file + H2_SETTINGS, Dialect.H2, file + H2_FILE_SUFFIX);
        }
        String url = store.url();
        return new Target(url, Dialect.of(url), url.replaceAll("(?i)(password=)[^&;]*", "$1***"));
    }

    private static void refuseToRecreate(Path dbPath, List<Path> userData) {
        Path file = Path.of(dbPath + H2_FILE_SUFFIX);
        if (Files.exists(file)) {
            checkExistingFile(dbPath, file);
            return;
        }
        for (Path dir : userData) {
            long files = countFiles(dir);
            if (files > 0) {
                throw new DatabaseStartupException("The database file " + file + " is missing, but " + dir + " holds "
                        + files + " file(s) made with it. Restore the database file from a backup, or move " + dir
                        + " aside to start afresh; chatgen does not create an empty database over existing data.", null);
            }
        }
    }

    /**
     * H2 opens some damaged files without a word, as an older version or as an empty database, and
     * rewrites them (measured); Flyway would then "migrate" an emptied database. So an existing
     * file is first opened read-only and must hold chatgen's schema history.
     */
    private static void checkExistingFile(Path dbPath, Path file) {
        try {
            if (Files.size(file) == 0) {
                throw new DatabaseStartupException("The database file " + file + " is empty (0 bytes). Restore it from a backup, "
                        + "or remove it to start afresh.", null);
            }
        } catch (IOException e) {
            throw new DatabaseStartupException("Cannot read the database file " + file + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(file)) {
            throw new DatabaseStartupException("The database file " + file + " is read-only for this user; chatgen needs to write it.", null);
        }
        Target readOnly = new Target("jdbc:h2:file:" + dbPath.toAbsolutePath() + ";ACCESS_MODE_DATA=r", Dialect.H2, file.toString());
        boolean migratedBefore;
        try (Connection c = DriverManager.getConnection(readOnly.url(), "sa", "");
             ResultSet r = c.createStatement().executeQuery(
                     "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'flyway_schema_history'")) {
            r.next();
            migratedBefore = r.getInt(1) > 0;
        } catch (SQLException e) {
            throw explain(readOnly, new RuntimeException(e));
        }
        if (!migratedBefore) {
            throw new DatabaseStartupException("The database file " + file + " holds no chatgen tables: it is damaged (H2 reads some "
                    + "damaged files as empty) or not chatgen's. Restore it from a backup, or move it aside to start afresh.", null);
        }
    }

    private static long countFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static HikariDataSource pool(Target target, StoreConfig store, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target.url());
        if (!store.user().isEmpty()) {
            config.setUsername(store.user());
        } else if (target.dialect() == Dialect.H2) {
            config.setUsername("sa");
        }
        if (!store.password().isEmpty()) {
            config.setPassword(store.password());
        }
        config.setMaximumPoolSize(Math.max(poolSize, 3)); // Flyway holds two connections while it migrates
        config.setMinimumIdle(1);
        config.setPoolName("chatgen-db");
        config.setConnectionTimeout(10_000);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw explain(target, e);
        }
    }

    /** The Flyway location: the configured folder, or the copy of migrations/ built into the jar. */
    private static String location(StoreConfig store) {
        if (store.migrations().isEmpty()) {
            return BUILT_IN_MIGRATIONS;
        }
        Path dir = store.migrations().get();
        if (!Files.isDirectory(dir)) {
            throw new DatabaseStartupException("The migrations folder " + dir + " (store.migrations) does not exist.", null);
        }
        return "filesystem:" + dir.toAbsolutePath();
    }

    private static int migrate(HikariDataSource pool, String migrations, Target target) {
        Flyway flyway = flyway(pool, migrations);
        try {
            MigrateResult result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("Database {}: applied {} migration(s), now at version {}", target.description(),
                        result.migrationsExecuted, result.targetSchemaVersion);
            }
            return result.migrationsExecuted;
        } catch (FlywayException e) {
            throw new DatabaseStartupException("Migrating the database " + target.description() + " failed: "
                    + migrationFailure(flyway, e), e);
        }
    }

    private static Flyway flyway(HikariDataSource pool, String migrations) {
        return Flyway.configure().dataSource(pool).locations(migrations).failOnMissingLocations(true).load();
    }

    /**
     * Names the failed migration and the SQL error. H2 commits DDL statement by statement, so a
     * migration that fails half-way leaves its first statements applied; PostgreSQL rolls it back.
     */
    private static String migrationFailure(Flyway flyway, FlywayException e) {
        String detail = e.getMessage() == null ? "unknown error" : e.getMessage().lines()
                .filter(l -> l.startsWith("Message")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                .findFirst().orElse(firstLine(e.getMessage()));
        List<String> failed;
        try {
            failed = Arrays.stream(flyway.info().all()).filter(i -> i.getState() == MigrationState.FAILED)
                    .map(MigrationInfo::getScript).toList();
        } catch (FlywayException unreadable) {
            failed = List.of();
        }
        if (failed.isEmpty()) {
            return detail + ".";
        }
        return "migration " + String.join(", ", failed) + " failed (" + detail + "). Statements before the failing one may "
                + "be applied: undo them (or restore a backup), fix the migration, then run `chatgen migrate --repair`.";
    }

    /** Forgets failed migrations in the schema history (after the operator cleaned up), then migrates. */
    public static int repairAndMigrate(StoreConfig store, List<Path> userData) {
        Target target = target(store);
        try (HikariDataSource pool = pool(target, store, 1)) {
            flyway(pool, location(store)).repair();
            return migrate(pool, location(store), target);
        }
    }

    /** Turns a connection failure into what the operator needs to do about it. */
    static DatabaseStartupException explain(Target target, RuntimeException e) {
        SQLException sql = sqlCause(e);
        String where = target.description();
        if (sql == null) {
            return new DatabaseStartupException("Cannot open the database " + where + ": " + firstLine(e.getMessage()), e);
        }
        int code = sql.getErrorCode();
        String reason;
        if (target.dialect() == Dialect.H2 && code == ErrorCode.DATABASE_ALREADY_OPEN_1) {
            reason = "it is in use by another process (another chatgen, or an H2 console). Stop that process; "
                    + "to run several chatgen processes on one queue, use PostgreSQL (store.url)";
        } else if (target.dialect() == Dialect.H2 && (code == ErrorCode.FILE_CORRUPTED_1 || code == ErrorCode.FILE_VERSION_ERROR_1)) {
            reason = "the file is corrupt or not an H2 database (" + firstLine(sql.getMessage())
                    + "). Restore it from a backup; chatgen leaves the file as it is";
        } else if ("28P01".equals(sql.getSQLState()) || "28000".equals(sql.getSQLState())) {
            reason = "the user name or password was refused (store.user, store.password)";
        } else if ("3D000".equals(sql.getSQLState())) {
            reason = "the database does not exist; create it first (createdb)";
        } else if (sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
            reason = "the server cannot be reached (" + firstLine(sql.getMessage()) + ")";
        } else {
            reason = firstLine(sql.getMessage());
        }
        return new DatabaseStartupException("Cannot open the database " + where + ": " + reason + ".", e);
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
    }
}
