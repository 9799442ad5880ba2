package dev.chatgen.config;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** "Did you mean" for misspelt keys and environment variables. */
final class Suggestions {
    private Suggestions() {
    }

    /**
     * The candidate closest to the input by edit distance, when close enough to be a typo; failing that,
     * the only candidate with the same last segment (catches a right key in the wrong section).
     */
    static Optional<String> closest(String input, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(input, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int limit = Math.max(1, Math.min(3, input.length() / 4));
        if (best != null && bestDistance <= limit) {
            return Optional.of(best);
        }
        String last = input.substring(input.lastIndexOf('.') + 1);
        List<String> sameLast = candidates.stream().filter(c -> c.endsWith("." + last)).toList();
        return sameLast.size() == 1 ? Optional.of(sameLast.get(0)) : Optional.empty();
    }

    /** Edit distance counting a swap of neighbours as one edit, the commonest typo (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
