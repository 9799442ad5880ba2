package dev.chatgen.engine.prompt;

import dev.chatgen.catalog.Demonstration;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How often a word of a freestyle request survives into the expert's prompt, learned from the
 * demonstrations. Chat filler ("can", "pls", "lol", "want") rarely survives; subjects do. A word
 * never seen in a request gets the prior: unknown words are usually names of things to draw.
 */
public final class KeepRates {
    private static final double PRIOR = 0.7;
    private static final double PRIOR_WEIGHT = 2.0;

    private final Map<String, int[]> counts;

    private KeepRates(Map<String, int[]> counts) {
        this.counts = counts;
    }

    public static KeepRates learn(List<Demonstration> demonstrations) {
        Map<String, int[]> counts = new HashMap<>();
        for (Demonstration d : demonstrations) {
            Set<String> inPrompt = new HashSet<>(Words.of(d.prompt()));
            Set<String> seen = new HashSet<>();
            for (String turn : d.turns()) {
                seen.addAll(Words.of(turn));
            }
            for (String w : seen) {
                int[] c = counts.computeIfAbsent(w, k -> new int[2]);
                c[0]++;
                if (inPrompt.contains(w)) {
                    c[1]++;
                }
            }
        }
        return new KeepRates(counts);
    }

    /** Smoothed share of requests containing {@code word} whose prompt kept it. */
    public double rate(String word) {
        int[] c = counts.get(word);
        if (c == null) {
            return PRIOR;
        }
        return (c[1] + PRIOR * PRIOR_WEIGHT) / (c[0] + PRIOR_WEIGHT);
    }
}
