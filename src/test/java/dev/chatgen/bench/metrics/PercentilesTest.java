package dev.chatgen.bench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void of_nearestRankOnShuffledInput() {
        List<Duration> latencies = millis(1, 10);
        Collections.shuffle(latencies, new Random(1));
        Percentiles p = Percentiles.of(latencies);
        assertEquals(Duration.ofMillis(5), p.p50()); // rank ceil(0.5 * 10) = 5
        assertEquals(Duration.ofMillis(10), p.p95()); // rank ceil(0.95 * 10) = 10
        assertEquals(Duration.ofNanos(5_500_000), p.mean());
    }

    @Test
    void of_twentyValuesP95IsNineteenth() {
        Percentiles p = Percentiles.of(millis(1, 20));
        assertEquals(Duration.ofMillis(10), p.p50());
        assertEquals(Duration.ofMillis(19), p.p95());
    }

    @Test
    void of_singleValue() {
        Percentiles p = Percentiles.of(List.of(Duration.ofMillis(42)));
        assertEquals(new Percentiles(Duration.ofMillis(42), Duration.ofMillis(42), Duration.ofMillis(42)), p);
    }

    @Test
    void of_empty() {
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(List.of()));
    }

    @Test
    void nearestRank_smallPercentileIsMinimum() {
        assertEquals(Duration.ofMillis(1), Percentiles.nearestRank(millis(1, 10), 0.1));
        assertEquals(Duration.ofMillis(10), Percentiles.nearestRank(millis(1, 10), 100));
    }

    @Test
    void nearestRank_percentileOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(millis(1, 10), 0));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(millis(1, 10), 100.5));
    }

    private static List<Duration> millis(int from, int to) {
        List<Duration> list = new ArrayList<>();
        for (int ms = from; ms <= to; ms++) {
            list.add(Duration.ofMillis(ms));
        }
        return list;
    }
}
