package dev.chatgen.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The metrics of one process, in registration order, and their Prometheus text. Thread-safe:
 * instruments are updated from any thread, and a scrape reads them while they change.
 */
public final class Metrics {
    private final Map<String, MetricFamily> families = new LinkedHashMap<>();

    public Counter counter(String name, String help, String... labelNames) {
        return register(new Counter(name, help, List.of(labelNames)));
    }

    /** @param buckets upper bounds, increasing; the +Inf bucket is added */
    public Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
        return register(new Histogram(name, help, buckets, List.of(labelNames)));
    }

    /** A gauge read at each scrape; {@code reader} gives each series' value keyed by its label values. */
    public Gauge gauge(String name, String help, List<String> labelNames, Supplier<Map<List<String>, Double>> reader) {
        return register(new Gauge(name, help, labelNames, reader));
    }

    /** Everything now, in the text format (version 0.0.4). */
    public String scrape() {
        List<MetricFamily> now;
        synchronized (families) {
            now = new ArrayList<>(families.values());
        }
        return PrometheusText.write(now);
    }

    private <F extends MetricFamily> F register(F family) {
        synchronized (families) {
            if (families.putIfAbsent(family.name(), family) != null) {
                throw new IllegalArgumentException("metric " + family.name() + " is registered twice");
            }
        }
        return family;
    }
}
