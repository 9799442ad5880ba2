package dev.chatgen.ops;

import java.util.List;

/**
 * One line of the Prometheus text format: a sample name (the family's, or it with {@code _bucket},
 * {@code _sum} or {@code _count}), its labels in order, and its value.
 */
public record Sample(String name, List<Label> labels, double value) {
    public Sample {
        labels = List.copyOf(labels);
    }

    public record Label(String name, String value) {
    }
}
