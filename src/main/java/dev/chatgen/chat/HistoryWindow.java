package dev.chatgen.chat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Which earlier turns belong to a new request: the same conversation, recent enough, the last few. */
public record HistoryWindow(Duration window, int maxTurns) {
    public HistoryWindow {
        if (window.isNegative() || maxTurns < 1) {
            throw new IllegalArgumentException("window must not be negative and maxTurns at least 1");
        }
    }

    /** A turn of the conversation, oldest first in the lists this class reads. */
    public record Entry(long turnId, Instant at, String text) {
    }

    /**
     * The entries that count for the request (the last entry of {@code earlierAndRequest}):
     * those within the window before it, at most {@code maxTurns} including the request.
     */
    public List<Entry> select(List<Entry> earlierAndRequest) {
        if (earlierAndRequest.isEmpty()) {
            return List.of();
        }
        Entry request = earlierAndRequest.get(earlierAndRequest.size() - 1);
        Instant from = request.at().minus(window);
        List<Entry> kept = new ArrayList<>();
        for (int i = earlierAndRequest.size() - 1; i >= 0 && kept.size() < maxTurns; i--) {
            Entry e = earlierAndRequest.get(i);
            if (e.at().isBefore(from)) {
                break;
            }
            kept.add(0, e);
        }
        return kept;
    }
}
