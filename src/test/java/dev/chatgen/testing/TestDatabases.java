package dev.chatgen.testing;

import dev.chatgen.config.StoreConfig;
import dev.chatgen.store.Database;
import dev.chatgen.store.DatabaseOpener;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Fresh, migrated databases for tests: an H2 file in a temporary folder, or a PostgreSQL schema of
 * its own on the server that TEST_POSTGRES_URL names (.ci/run starts one). Without that
 * variable the PostgreSQL tests are skipped, and say so.
 */
public final class TestDatabases {
    public static final String POSTGRES_URL_VARIABLE = "TEST_POSTGRES_URL";

    private TestDatabases() {
    }

    public enum Kind { H2, POSTGRESQL }

    public static Database open(Kind kind, Path dir) {
        return DatabaseOpener.open(store(kind, dir), 12, List.of());
    }

    /** The store settings for a fresh database of this kind, its files under {@code dir}. */
    public static StoreConfig store(Kind kind, Path dir) {
        if (kind == Kind.H2) {
            return new StoreConfig("", dir.resolve("chatgen"), "", "", Optional.empty(), dir.resolve("attachments"));
        }
        String url = postgresUrl();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        return new StoreConfig(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, dir.resolve("unused"), "", "",
                Optional.empty(), dir.resolve("attachments"));
    }

    /** The test server's URL; skips the calling test, with the reason, when there is none. */
    public static String postgresUrl() {
        String url = System.getenv(POSTGRES_URL_VARIABLE);
        boolean missing = url == null || url.isBlank();
        String reason = "PostgreSQL tests skipped: set " + POSTGRES_URL_VARIABLE + " (bash .ci/run starts a server and sets it)";
        if (missing && !toldMissing) {
            toldMissing = true; // once in the build output, not once per test
            System.out.println("[WARNING] " + reason);
        }
        Assumptions.assumeFalse(missing, reason);
        return url;
    }

    private static volatile boolean toldMissing;
}
