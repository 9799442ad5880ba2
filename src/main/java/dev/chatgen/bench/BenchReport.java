package dev.chatgen.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/** The metrics table: each system, overall and per setting, input type and their combinations. */
public final class BenchReport {
    private BenchReport() {
    }

    /** Mean scores and latency percentiles of one group of cases. */
    public record Row(String system, String group, int n, double selection, double args, double bertScore,
                      double wordF1, double chrF, double p50Ms, double p95Ms) {
    }

    public static List<Row> rows(String system, List<CaseScore> scores) {
        Map<String, Predicate<CaseScore>> groups = new LinkedHashMap<>();
        groups.put("overall", s -> true);
        for (String setting : distinct(scores, s -> s.benchCase().setting())) {
            groups.put(setting, s -> s.benchCase().setting().equals(setting));
        }
        for (String type : distinct(scores, s -> s.benchCase().type())) {
            groups.put(type, s -> s.benchCase().type().equals(type));
        }
        for (String setting : distinct(scores, s -> s.benchCase().setting())) {
            for (String type : distinct(scores, s -> s.benchCase().type())) {
                groups.put(setting + "/" + type, s -> s.benchCase().setting().equals(setting) && s.benchCase().type().equals(type));
            }
        }
        List<Row> rows = new ArrayList<>();
        groups.forEach((group, filter) -> {
            List<CaseScore> in = scores.stream().filter(filter).toList();
            if (!in.isEmpty()) {
                List<Double> latencies = in.stream().map(s -> s.prediction().latencyMs()).sorted().toList();
                rows.add(new Row(system, group, in.size(),
                        mean(in, CaseScore::selection), mean(in, CaseScore::args), mean(in, CaseScore::bertScore),
                        mean(in, CaseScore::wordF1), mean(in, CaseScore::chrF),
                        nearestRank(latencies, 0.50), nearestRank(latencies, 0.95)));
            }
        });
        return rows;
    }

    public static String format(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-14s %-20s %4s %7s %7s %9s %7s %7s %8s %8s%n",
                "system", "group", "n", "select", "args", "BERTScore", "wordF1", "chrF", "p50 ms", "p95 ms"));
        String last = null;
        for (Row r : rows) {
            if (last != null && !last.equals(r.system())) {
                out.append('\n');
            }
            last = r.system();
            out.append(String.format(Locale.ROOT, "%-14s %-20s %4d %7.3f %7.3f %9.3f %7.3f %7.3f %8.2f %8.2f%n",
                    r.system(), r.group(), r.n(), r.selection(), r.args(), r.bertScore(), r.wordF1(), r.chrF(), r.p50Ms(), r.p95Ms()));
        }
        return out.toString();
    }

    private static List<String> distinct(List<CaseScore> scores, java.util.function.Function<CaseScore, String> key) {
        return scores.stream().map(key).distinct().sorted(BenchReport::groupOrder).toList();
    }

    /** supervised before fewshot, single before history before multimodal, as the paper lists them. */
    private static int groupOrder(String a, String b) {
        List<String> order = List.of("supervised", "fewshot", "single", "history", "multimodal");
        int ia = order.indexOf(a);
        int ib = order.indexOf(b);
        return ia >= 0 && ib >= 0 ? Integer.compare(ia, ib) : a.compareTo(b);
    }

    private static double mean(List<CaseScore> in, ToDoubleFunction<CaseScore> f) {
        return in.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    /** Nearest-rank percentile of sorted values. */
    static double nearestRank(List<Double> sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
