package dev.chatgen.bench.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Latency summary: median, 95th percentile and mean.
 *
 * <p>Percentiles use the nearest-rank method: the p-th percentile of N sorted values is the
 * value at 1-based rank ceil(p / 100 * N). It always returns an observed latency (no
 * interpolation); with 20 requests p95 is the 19th fastest, with 10 it is the slowest.
 */
public record Percentiles(Duration p50, Duration p95, Duration mean) {

    /** @throws IllegalArgumentException if {@code latencies} is empty */
    public static Percentiles of(Collection<Duration> latencies) {
        List<Duration> sorted = sorted(latencies);
        Duration total = Duration.ZERO;
        for (Duration d : sorted) {
            total = total.plus(d);
        }
        return new Percentiles(rank(sorted, 50), rank(sorted, 95), total.dividedBy(sorted.size()));
    }

    /**
     * The nearest-rank {@code percentile} of {@code latencies}, in any order.
     *
     * @param percentile in (0, 100]
     * @throws IllegalArgumentException if {@code latencies} is empty or the percentile is out of
     *     range
     */
    public static Duration nearestRank(Collection<Duration> latencies, double percentile) {
        return rank(sorted(latencies), percentile);
    }

    private static List<Duration> sorted(Collection<Duration> latencies) {
        if (latencies.isEmpty()) {
            throw new IllegalArgumentException("latencies must not be empty");
        }
        List<Duration> sorted = new ArrayList<>(latencies);
        sorted.sort(null);
        return sorted;
    }

    private static Duration rank(List<Duration> sorted, double percentile) {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + percentile);
        }
        int rank = (int) Math.ceil(percentile * sorted.size() / 100);
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
