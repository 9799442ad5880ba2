package dev.chatgen.ops;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/** The Prometheus text exposition format, version 0.0.4: names, escaping, numbers and the document. */
final class PrometheusText {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private PrometheusText() {
    }

    static String metricName(String name) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a Prometheus metric name: " + name);
        }
        return name;
    }

    /** A label name; {@code le} and names starting with __ are the format's own. */
    static List<String> labelNames(List<String> names) {
        for (String n : names) {
            if (!LABEL_NAME.matcher(n).matches() || n.startsWith("__") || n.equals("le")) {
                throw new IllegalArgumentException("not a usable label name: " + n);
            }
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("label names repeat: " + names);
        }
        return List.copyOf(names);
    }

    static String write(Collection<MetricFamily> families) {
        StringBuilder out = new StringBuilder();
        for (MetricFamily f : families) {
            out.append("# HELP ").append(f.name()).append(' ').append(escapeHelp(f.help())).append('\n');
            out.append("# TYPE ").append(f.name()).append(' ').append(f.type()).append('\n');
            for (Sample s : f.samples()) {
                out.append(s.name());
                if (!s.labels().isEmpty()) {
                    out.append('{');
                    for (int i = 0; i < s.labels().size(); i++) {
                        Sample.Label l = s.labels().get(i);
                        out.append(i == 0 ? "" : ",").append(l.name()).append("=\"").append(escapeLabelValue(l.value())).append('"');
                    }
                    out.append('}');
                }
                out.append(' ').append(number(s.value())).append('\n');
            }
        }
        return out.toString();
    }

    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    static String escapeLabelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** As Prometheus' own clients write numbers: 1, 0.005, +Inf (never 1.0E-4). */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
