package dev.chatgen.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Observations counted into fixed buckets (upper bounds, in the metric's unit), with their sum
 * and count, one series per combination of label values.
 */
public final class Histogram extends MetricFamily {
    private final double[] bounds;
    private final Map<List<String>, Series> series = new ConcurrentHashMap<>();

    Histogram(String name, String help, double[] bounds, List<String> labelNames) {
        super(name, help, labelNames, "histogram");
        this.bounds = bounds.clone();
        if (this.bounds.length == 0) {
            throw new IllegalArgumentException(name + ": a histogram needs buckets");
        }
        for (int i = 0; i < this.bounds.length; i++) {
            if (!Double.isFinite(this.bounds[i]) || (i > 0 && this.bounds[i] <= this.bounds[i - 1])) {
                throw new IllegalArgumentException(name + ": bucket bounds must be finite and increasing: " + Arrays.toString(bounds));
            }
        }
        if (labelNames.isEmpty()) {
            declare();
        }
    }

    public void observe(double value, String... labelValues) {
        series.computeIfAbsent(LabelValues.key(name, labelNames, labelValues), k -> new Series(bounds.length)).observe(value, bounds);
    }

    /** A duration, in seconds. */
    public void observe(Duration d, String... labelValues) {
        observe(d.toNanos() / 1e9, labelValues);
    }

    /** Shows the series (all buckets at 0) before its first observation. */
    public void declare(String... labelValues) {
        series.computeIfAbsent(LabelValues.key(name, labelNames, labelValues), k -> new Series(bounds.length));
    }

    public long count(String... labelValues) {
        Series s = series.get(LabelValues.key(name, labelNames, labelValues));
        return s == null ? 0 : s.snapshot().count();
    }

    @Override
    public List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        series.entrySet().stream().sorted(Map.Entry.comparingByKey(LabelValues.ORDER)).forEach(e -> {
            List<Sample.Label> labels = LabelValues.labels(labelNames, e.getKey());
            Snapshot s = e.getValue().snapshot();
            long cumulative = 0;
            for (int i = 0; i <= bounds.length; i++) {
                cumulative += s.buckets()[i];
                List<Sample.Label> withLe = new ArrayList<>(labels);
                withLe.add(new Sample.Label("le", i < bounds.length ? PrometheusText.number(bounds[i]) : "+Inf"));
                out.add(new Sample(name + "_bucket", withLe, cumulative));
            }
            out.add(new Sample(name + "_sum", labels, s.sum()));
            out.add(new Sample(name + "_count", labels, s.count()));
        });
        return out;
    }

    private record Snapshot(long[] buckets, double sum, long count) {
    }

    /** One series: a count per bucket (the last is above every bound), read and written under its lock so +Inf equals the count. */
    private static final class Series {
        private final long[] buckets;
        private double sum;

        Series(int bounds) {
            buckets = new long[bounds + 1];
        }

        synchronized void observe(double value, double[] bounds) {
            int i = 0;
            while (i < bounds.length && value > bounds[i]) {
                i++;
            }
            buckets[i]++;
            sum += value;
        }

        synchronized Snapshot snapshot() {
            return new Snapshot(buckets.clone(), sum, Arrays.stream(buckets).sum());
        }
    }
}
