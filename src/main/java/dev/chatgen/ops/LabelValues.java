package dev.chatgen.ops;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A series' label values as a map key, checked against its family's label names, and back to labels. */
final class LabelValues {
    /** Series in a stable order, so two scrapes list them alike. */
    static final Comparator<List<String>> ORDER = (a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b));

    private LabelValues() {
    }

    static List<String> key(String family, List<String> names, String... values) {
        if (values.length != names.size()) {
            throw new IllegalArgumentException(family + " takes labels " + names + ", got " + values.length + " value(s)");
        }
        for (String v : values) {
            if (v == null) {
                throw new IllegalArgumentException(family + ": a label value is null");
            }
        }
        return List.of(values);
    }

    static List<Sample.Label> labels(List<String> names, List<String> values) {
        List<Sample.Label> labels = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            labels.add(new Sample.Label(names.get(i), values.get(i)));
        }
        return labels;
    }
}
