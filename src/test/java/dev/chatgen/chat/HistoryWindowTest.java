package dev.chatgen.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryWindowTest {
    private static final Instant T = Instant.parse("2026-11-26T12:00:00Z");

    private static HistoryWindow.Entry at(int minutes, String text) {
        return new HistoryWindow.Entry(minutes, T.plus(Duration.ofMinutes(minutes)), text);
    }

    private static List<String> texts(List<HistoryWindow.Entry> entries) {
        return entries.stream().map(HistoryWindow.Entry::text).toList();
    }

    @Test
    void keepsTurnsWithinTheWindowBeforeTheRequest() {
        var w = new HistoryWindow(Duration.ofMinutes(30), 8);
        assertEquals(List.of("b", "c", "request"),
                texts(w.select(List.of(at(0, "a"), at(20, "b"), at(40, "c"), at(45, "request")))));
    }

    @Test
    void keepsAtMostMaxTurns_theRequestIncluded() {
        var w = new HistoryWindow(Duration.ofHours(1), 3);
        assertEquals(List.of("c", "d", "request"),
                texts(w.select(List.of(at(1, "a"), at(2, "b"), at(3, "c"), at(4, "d"), at(5, "request")))));
    }

    @Test
    void aGapOlderThanTheWindow_endsTheHistory_evenIfOlderTurnsWouldFit() {
        var w = new HistoryWindow(Duration.ofMinutes(30), 8);
        assertEquals(List.of("request"), texts(w.select(List.of(at(0, "old"), at(31, "request")))));
    }
}
