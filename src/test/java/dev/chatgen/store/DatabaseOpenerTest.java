package dev.chatgen.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatgen.config.StoreConfig;
import dev.chatgen.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up against a database that is missing, locked, corrupt or half-migrated: a clear error, user data untouched. */
class DatabaseOpenerTest {
    @TempDir
    Path dir;

    private StoreConfig store(Optional<Path> migrations) {
        return new StoreConfig("", dir.resolve("chatgen"), "", "", migrations, dir.resolve("attachments"));
    }

    private Path dbFile() {
        return dir.resolve("chatgen.mv.db");
    }

    @Test
    void firstStart_createsAndMigratesTheDatabase() {
        try (Database db = DatabaseOpener.open(store(Optional.empty()), 2, List.of(dir.resolve("images")))) {
            int tables = db.inTransaction("count", c -> {
                try (ResultSet r = c.createStatement().executeQuery(
                        "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME IN ('TURN', 'GENERATION_JOB', 'OUTBOX', 'AUDIT_LOG')")) {
                    r.next();
                    return r.getInt(1);
                }
            });
            assertEquals(4, tables);
        }
        assertTrue(Files.exists(dbFile()));
        assertEquals(0, DatabaseOpener.migrateOnly(store(Optional.empty()), List.of()), "a second migrate has nothing to do");
    }

    @Test
    void missingDatabase_whileImagesMadeWithItRemain_isAnError_notAFreshStart() throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        Files.write(images.resolve("12.png"), new byte[] {1, 2, 3});

        DatabaseStartupException e = assertThrows(DatabaseStartupException.class,
                () -> DatabaseOpener.open(store(Optional.empty()), 2, List.of(images)));
        assertTrue(e.getMessage().contains("is missing, but " + images + " holds 1 file(s)"), e.getMessage());
        assertFalse(Files.exists(dbFile()), "no empty database was created");
    }

    @Test
    void databaseLockedByAnotherProcess_isAClearError() throws Exception {
        DatabaseOpener.open(store(Optional.empty()), 1, List.of()).close();
        try (ChildJvm holder = ChildJvm.start(dir.resolve("holder.log"), Map.of(), HoldDatabase.class.getName(),
                dir.resolve("chatgen").toString())) {
            holder.awaitOutput("HOLDING", Duration.ofSeconds(30));

            DatabaseStartupException e = assertThrows(DatabaseStartupException.class,
                    () -> DatabaseOpener.open(store(Optional.empty()), 1, List.of()));
            assertTrue(e.getMessage().contains("in use by another process"), e.getMessage());
        }
    }

    @Test
    void corruptDatabaseFile_isAClearError_andIsLeftAsItWas() throws Exception {
        DatabaseOpener.open(store(Optional.empty()), 1, List.of()).close();
        byte[] bytes = Files.readAllBytes(dbFile());
        // H2 keeps two copies of its header; garble everything, as a bad disk or a stray write would.
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        Files.write(dbFile(), bytes);

        DatabaseStartupException e = assertThrows(DatabaseStartupException.class,
                () -> DatabaseOpener.open(store(Optional.empty()), 1, List.of()));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(dbFile()));
    }

    @Test
    void aDatabaseFileWithoutChatgensTables_isRefused_notMigratedOver() throws Exception {
        // What H2 makes of some damaged files: a readable database with nothing in it.
        try (var c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("chatgen"), "sa", "")) {
            c.createStatement().execute("CREATE TABLE someone_elses (id INT)");
        }
        byte[] before = Files.readAllBytes(dbFile());

        DatabaseStartupException e = assertThrows(DatabaseStartupException.class,
                () -> DatabaseOpener.open(store(Optional.empty()), 1, List.of()));
        assertTrue(e.getMessage().contains("holds no chatgen tables"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(dbFile()), "the file is left as it was");
    }

    @Test
    void anEmptyDatabaseFile_isRefused() throws Exception {
        Files.write(dbFile(), new byte[0]);
        DatabaseStartupException e = assertThrows(DatabaseStartupException.class,
                () -> DatabaseOpener.open(store(Optional.empty()), 1, List.of()));
        assertTrue(e.getMessage().contains("is empty (0 bytes)"), e.getMessage());
    }

    @Test
    void aMigrationThatFailsHalfWay_stopsStartUp_everyTime_andNamesIt() throws Exception {
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(migrations.resolve("V1__first.sql"), "CREATE TABLE kept (id INT);\nINSERT INTO kept VALUES (1);\n");
        DatabaseOpener.open(store(Optional.of(migrations)), 1, List.of()).close();
        Files.writeString(migrations.resolve("V2__half.sql"), "CREATE TABLE half (id INT);\nCREATE TABLE broken (id NOSUCHTYPE);\n");

        DatabaseStartupException first = assertThrows(DatabaseStartupException.class,
                () -> DatabaseOpener.open(store(Optional.of(migrations)), 1, List.of()));
        assertTrue(first.getMessage().contains("Migrating the database"), first.getMessage());
        assertTrue(first.getMessage().contains("migration V2__half.sql failed (Unknown data type"), first.getMessage());

        DatabaseStartupException again = assertThrows(DatabaseStartupException.class,
                () -> DatabaseOpener.open(store(Optional.of(migrations)), 1, List.of()));
        assertTrue(again.getMessage().contains("migration V2__half.sql failed"), again.getMessage());
        assertTrue(again.getMessage().contains("chatgen migrate --repair"), again.getMessage());

        // The data from before the failed migration is still there.
        Files.delete(migrations.resolve("V2__half.sql"));
        try (var c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("chatgen"), "sa", "");
             ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM kept")) {
            r.next();
            assertEquals(1, r.getInt(1));
        }
    }

    @Test
    void repair_afterTheOperatorCleanedUp_letsTheFixedMigrationRun() throws Exception {
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(migrations.resolve("V1__half.sql"), "CREATE TABLE half (id INT);\nCREATE TABLE broken (id NOSUCHTYPE);\n");
        assertThrows(DatabaseStartupException.class, () -> DatabaseOpener.open(store(Optional.of(migrations)), 1, List.of()));
        try (var c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("chatgen"), "sa", "")) {
            c.createStatement().execute("DROP TABLE half");
        }
        Files.writeString(migrations.resolve("V1__half.sql"), "CREATE TABLE half (id INT);\nCREATE TABLE fixed (id INT);\n");

        assertEquals(1, DatabaseOpener.repairAndMigrate(store(Optional.of(migrations)), List.of()));
        DatabaseOpener.open(store(Optional.of(migrations)), 1, List.of()).close();
    }
}
