package dev.chatgen.bot;

import dev.chatgen.queue.ProgressEvent;
import dev.chatgen.queue.ProgressWatcher;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a placeholder message says while its job waits and renders: the same words on every
 * platform, edited no more often than the platform's rate limits allow. The finished picture
 * replaces the placeholder, so "finished" says nothing here.
 */
public final class ProgressMessages {
    private ProgressMessages() {
    }

    /** "Queued at position 3…", with any notes about the request (an attachment left out) below it. */
    public static String queued(int position, boolean planned, List<String> notes) {
        String line = position <= 1 ? (planned ? "Planned; rendering next…" : "Working on it…")
                : (planned ? "Planned; waiting for a GPU, position " : "Queued at position ") + position + "…";
        return notes.isEmpty() ? line : line + "\n" + String.join("\n", notes);
    }

    public static String rendering(int percent) {
        return "Rendering… " + percent + "%";
    }

    /** Says each change of the job's progress, at most once per {@code every}. */
    public static void follow(ProgressWatcher progress, long jobId, Clock clock, Duration every, Consumer<String> say) {
        Instant[] last = {Instant.MIN};
        progress.watch(jobId, event -> {
            Instant now = clock.instant();
            if (event instanceof ProgressEvent.Finished || now.isBefore(last[0].plus(every))) {
                return;
            }
            last[0] = now;
            if (event instanceof ProgressEvent.Queued q) {
                say.accept(queued(q.position(), q.planned(), List.of()));
            } else if (event instanceof ProgressEvent.Rendering r) {
                say.accept(rendering(r.percent()));
            }
        });
    }
}
