package dev.chatgen.engine.select;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps the strongest word-level scores of a request. With thousands of models, a generic word
 * ("portrait") touches most of them; past the strongest few the scores barely move a softmax, but
 * storing them for every training example would take gigabytes.
 */
final class Strongest {
    static final int KEEP = 64;

    private Strongest() {
    }

    /** The {@value #KEEP} highest scores, ties broken by the lower model index so the result is reproducible. */
    static Map<Integer, Double> of(Map<Integer, Double> scores) {
        if (scores.size() <= KEEP) {
            return scores;
        }
        Map<Integer, Double> top = new HashMap<>();
        scores.entrySet().stream()
                .sorted((a, b) -> a.getValue().equals(b.getValue()) ? Integer.compare(a.getKey(), b.getKey()) : Double.compare(b.getValue(), a.getValue()))
                .limit(KEEP)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }
}
