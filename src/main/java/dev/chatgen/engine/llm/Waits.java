package dev.chatgen.engine.llm;

import java.time.Duration;

/** Durations as people read them in notes: "300 ms", "20 s", "1.5 s". */
final class Waits {
    private Waits() {
    }

    static String words(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
