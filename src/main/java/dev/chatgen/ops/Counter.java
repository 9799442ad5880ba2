package dev.chatgen.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/** A count that only goes up, one series per combination of label values. */
public final class Counter extends MetricFamily {
    private final Map<List<String>, DoubleAdder> series = new ConcurrentHashMap<>();

    Counter(String name, String help, List<String> labelNames) {
        super(name, help, labelNames, "counter");
        if (labelNames.isEmpty()) {
            declare();
        }
    }

    public void inc(String... labelValues) {
        add(1, labelValues);
    }

    public void add(double amount, String... labelValues) {
        if (!(amount >= 0)) {
            throw new IllegalArgumentException(name + ": a counter cannot go down (" + amount + ")");
        }
        series.computeIfAbsent(LabelValues.key(name, labelNames, labelValues), k -> new DoubleAdder()).add(amount);
    }

    /** Shows the series at 0 before its first event, so rates and alerts see it from the start. */
    public void declare(String... labelValues) {
        series.computeIfAbsent(LabelValues.key(name, labelNames, labelValues), k -> new DoubleAdder());
    }

    public double value(String... labelValues) {
        DoubleAdder a = series.get(LabelValues.key(name, labelNames, labelValues));
        return a == null ? 0 : a.sum();
    }

    @Override
    public List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        series.entrySet().stream().sorted(Map.Entry.comparingByKey(LabelValues.ORDER))
                .forEach(e -> out.add(new Sample(name, LabelValues.labels(labelNames, e.getKey()), e.getValue().sum())));
        return out;
    }
}
