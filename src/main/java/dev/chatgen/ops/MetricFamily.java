package dev.chatgen.ops;

import java.util.List;

/** A metric as a scrape sees it: its name, help line and type, and its samples at this moment. */
public abstract sealed class MetricFamily permits Counter, Gauge, Histogram {
    protected final String name;
    protected final List<String> labelNames;
    private final String help;
    private final String type;

    MetricFamily(String name, String help, List<String> labelNames, String type) {
        this.name = PrometheusText.metricName(name);
        this.help = help;
        this.labelNames = PrometheusText.labelNames(labelNames);
        this.type = type;
    }

    public final String name() {
        return name;
    }

    public final String help() {
        return help;
    }

    /** The {@code # TYPE} word: counter, gauge or histogram. */
    public final String type() {
        return type;
    }

    public abstract List<Sample> samples();
}
