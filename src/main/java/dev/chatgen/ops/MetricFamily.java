package dev.chatgen.ops;

import java.util.List;

/** A metric as a scrape sees it: its name, help line and type, and its samples at this moment. */
public sealed interface MetricFamily permits Counter, Gauge, Histogram {
    String name();

    String help();

    /** The {@code # TYPE} word: counter, gauge or histogram. */
    String type();

    List<Sample> samples();
}
