package dev.chatgen.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatgen.testing.TestDatabases.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an adapter hears while its job moves through the queue. */
class ProgressWatcherTest {
    @TempDir
    Path dir;

    @Test
    void reportsEachChange_once_untilTheJobFinishes() {
        try (QueueFixture f = new QueueFixture(Kind.H2, dir)) {
            f.submit("ann");
            long job = f.submit("bob");
            List<ProgressEvent> heard = new ArrayList<>();
            ProgressWatcher watcher = new ProgressWatcher(f.queue, QueueFixture.CONFIG.pollInterval());
            watcher.watch(job, heard::add);

            watcher.checkOnce();
            watcher.checkOnce(); // nothing moved: nothing said
            f.plan("p", "sd15"); // ann's job: planned, still ahead in line
            watcher.checkOnce();
            f.plan("p", "sd15"); // bob's job: planned, waiting for a GPU behind ann's
            watcher.checkOnce();
            f.queue.claimRender("w", Optional.empty()); // ann's
            Claim bobs = f.queue.claimRender("w", Optional.empty()).orElseThrow();
            f.queue.progress(bobs, 40);
            watcher.checkOnce();
            f.queue.done(bobs, new ImageRecord(Path.of("/tmp/b.png"), "0".repeat(64), 8, 8, "test"));
            watcher.checkOnce();
            watcher.checkOnce();

            assertEquals(List.of(
                    new ProgressEvent.Queued(job, 2, false),
                    new ProgressEvent.Queued(job, 2, true),
                    new ProgressEvent.Rendering(job, 40),
                    new ProgressEvent.Finished(job, JobStatus.DONE, null)), heard);
        }
    }
}
