package dev.chatgen.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A value read when scraped (from the database, say), one series per combination of label values.
 * A read that fails leaves the family without samples for that scrape: Prometheus then shows a
 * gap, which is what happened.
 */
public final class Gauge extends MetricFamily {
    private static final Logger LOG = LoggerFactory.getLogger(Gauge.class);

    private final Supplier<Map<List<String>, Double>> reader;

    /** @param reader the value of each series, keyed by its label values in {@code labelNames} order */
    Gauge(String name, String help, List<String> labelNames, Supplier<Map<List<String>, Double>> reader) {
        super(name, help, labelNames, "gauge");
        this.reader = reader;
    }

    @Override
    public List<Sample> samples() {
        Map<List<String>, Double> values;
        try {
            values = reader.get();
        } catch (RuntimeException e) {
            // Not logged louder: /healthz reports the database, and the workers log its outage.
            LOG.debug("Reading gauge {} failed: {}", name, e.getMessage());
            return List.of();
        }
        List<Sample> out = new ArrayList<>();
        values.entrySet().stream().sorted(Map.Entry.comparingByKey(LabelValues.ORDER)).forEach(e -> {
            List<String> key = LabelValues.key(name, labelNames, e.getKey().toArray(String[]::new));
            out.add(new Sample(name, LabelValues.labels(labelNames, key), e.getValue()));
        });
        return out;
    }
}
