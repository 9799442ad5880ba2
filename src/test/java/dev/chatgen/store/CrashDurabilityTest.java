package dev.chatgen.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatgen.config.StoreConfig;
import dev.chatgen.testing.ChildJvm;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A turn reported as stored is on disk, even if the process is killed the next instant. */
class CrashDurabilityTest {
    @TempDir
    Path dir;

    @Test
    void everyCommittedTurn_survivesKillMinus9_ofTheEmbeddedDatabasesProcess() throws Exception {
        Set<Long> reported = new HashSet<>();
        try (ChildJvm child = ChildJvm.start(dir.resolve("child.log"), Map.of(), StoreTurnsUntilKilled.class.getName(), dir.toString())) {
            child.awaitOutput("COMMITTED 200", Duration.ofSeconds(60));
            child.kill();
            child.output().lines().filter(l -> l.startsWith("COMMITTED ")).forEach(l -> reported.add(Long.parseLong(l.substring(10))));
        }
        assertTrue(reported.size() >= 200, "reported " + reported.size());

        StoreConfig store = new StoreConfig("", dir.resolve("chatgen"), "", "", Optional.empty(), dir.resolve("attachments"));
        try (Database db = DatabaseOpener.open(store, 2, List.of())) {
            Set<Long> stored = db.inTransaction("read turns", c -> {
                Set<Long> ids = new HashSet<>();
                try (ResultSet r = c.createStatement().executeQuery("SELECT id FROM turn")) {
                    while (r.next()) {
                        ids.add(r.getLong(1));
                    }
                }
                return ids;
            });
            Set<Long> lost = new HashSet<>(reported);
            lost.removeAll(stored);
            assertEquals(Set.of(), lost, "turns reported stored but gone after the crash");
        }
    }
}
