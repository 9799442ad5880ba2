package dev.chatgen.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict little reader of the Prometheus text format (0.0.4), written from the format's
 * description rather than from {@link PrometheusText}: every line is a HELP, a TYPE or a sample
 * {@code name{labels} value}; every sample belongs to a family that has both HELP and TYPE, given
 * before it; histogram buckets rise and end at +Inf, which equals _count. Any other line fails.
 */
final class Exposition {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\"(,|$)");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    static final class Family {
        String help;
        String type;
        final List<Sample> samples = new ArrayList<>();
    }

    final Map<String, Family> families = new LinkedHashMap<>();

    static Exposition parse(String text) {
        Exposition e = new Exposition();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                Family f = e.families.computeIfAbsent(m.group(1), k -> new Family());
                check(f.help == null && f.samples.isEmpty(), n, "HELP repeated or after samples", line);
                f.help = m.group(2);
            } else if ((m = TYPE.matcher(line)).matches()) {
                Family f = e.families.computeIfAbsent(m.group(1), k -> new Family());
                check(f.type == null && f.samples.isEmpty(), n, "TYPE repeated or after samples", line);
                f.type = m.group(2);
            } else if (line.startsWith("#")) {
                check(false, n, "a comment that is neither HELP nor TYPE", line);
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                Family f = e.familyOf(name);
                check(f != null && f.help != null && f.type != null, n, "a sample without HELP and TYPE before it", line);
                f.samples.add(new Sample(name, labels(m.group(3), n, line), value(m.group(4), n, line)));
            } else {
                check(false, n, "not a sample line", line);
            }
        }
        for (Map.Entry<String, Family> f : e.families.entrySet()) {
            check(f.getValue().help != null && f.getValue().type != null, 0, "family without HELP or TYPE", f.getKey());
            if ("histogram".equals(f.getValue().type)) {
                checkHistogram(f.getKey(), f.getValue());
            }
        }
        return e;
    }

    private Family familyOf(String sampleName) {
        if (families.containsKey(sampleName)) {
            return families.get(sampleName);
        }
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (sampleName.endsWith(suffix)) {
                Family f = families.get(sampleName.substring(0, sampleName.length() - suffix.length()));
                if (f != null && "histogram".equals(f.type)) {
                    return f;
                }
            }
        }
        return null;
    }

    private static Map<String, String> labels(String text, int n, String line) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return labels;
        }
        Matcher m = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            check(m.find(at) && m.start() == at, n, "bad labels", line);
            String value = m.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
            check(labels.put(m.group(1), value) == null, n, "label repeated", line);
            at = m.end();
        }
        return labels;
    }

    private static double value(String text, int n, String line) {
        switch (text) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    check(false, n, "bad value", line);
                    return 0;
                }
        }
    }

    private static void checkHistogram(String name, Family f) {
        Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
        for (Sample s : f.samples) {
            if (s.name().equals(name + "_bucket")) {
                Map<String, String> series = new LinkedHashMap<>(s.labels());
                check(series.remove("le") != null, 0, "bucket without le", name);
                buckets.computeIfAbsent(series, k -> new ArrayList<>()).add(s);
            } else if (s.name().equals(name + "_count")) {
                counts.put(s.labels(), s.value());
            }
        }
        check(buckets.keySet().equals(counts.keySet()), 0, "buckets and counts of different series", name);
        buckets.forEach((series, bs) -> {
            double previousLe = Double.NEGATIVE_INFINITY;
            double previous = 0;
            for (Sample b : bs) {
                double le = value(b.labels().get("le"), 0, name);
                check(le > previousLe && b.value() >= previous, 0, "buckets must rise", name + series);
                previousLe = le;
                previous = b.value();
            }
            check(previousLe == Double.POSITIVE_INFINITY, 0, "the last bucket must be +Inf", name + series);
            check(previous == counts.get(series), 0, "+Inf must equal _count", name + series);
        });
    }

    private static void check(boolean ok, int line, String what, String text) {
        if (!ok) {
            throw new AssertionError("exposition line " + line + ": " + what + ": " + text);
        }
    }

    /** The value of the one sample with this name and exactly these labels. */
    double value(String sampleName, Map<String, String> labels) {
        Family f = familyOf(sampleName);
        if (f == null) {
            throw new AssertionError("no family for " + sampleName + " in " + families.keySet());
        }
        return f.samples.stream().filter(s -> s.name().equals(sampleName) && s.labels().equals(labels)).findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + sampleName + labels + " in " + f.samples)).value();
    }

    double value(String sampleName) {
        return value(sampleName, Map.of());
    }
}
