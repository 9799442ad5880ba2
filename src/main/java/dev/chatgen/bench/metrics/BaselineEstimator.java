package dev.chatgen.bench.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Estimates the BERTScore rescaling baseline b for {@link BertScore#rescale}: the mean
 * {@link BertScore#f1} of random pairs of unrelated texts, here pairs of distinct training
 * prompts.
 *
 * <p>Each matrix is normalised once, here, so the thousands of pairs cost only dot products; the
 * estimator is immutable and may be shared between threads.
 */
public final class BaselineEstimator {

    private final List<UnitRows> prompts;
    private final int maxTokens;

    /**
     * @param promptEmbeddings one token-embedding matrix per training prompt, special tokens
     *     excluded; at least two, none empty, all of the same width
     * @throws IllegalArgumentException naming the first offending matrix
     */
    public BaselineEstimator(List<float[][]> promptEmbeddings) {
        if (promptEmbeddings.size() < 2) {
            throw new IllegalArgumentException(
                    "need at least 2 prompts to pair, got " + promptEmbeddings.size());
        }
        List<UnitRows> normalised = new ArrayList<>(promptEmbeddings.size());
        int max = 0;
        for (int i = 0; i < promptEmbeddings.size(); i++) {
            UnitRows rows = UnitRows.of(promptEmbeddings.get(i));
            if (rows.rows == 0) {
                // why: an empty prompt would score 0 and drag the baseline down
                throw new IllegalArgumentException("prompt " + i + " has no tokens");
            }
            if (!normalised.isEmpty() && rows.dim != normalised.get(0).dim) {
                throw new IllegalArgumentException("prompt " + i + " has " + rows.dim
                        + " dimensions, prompt 0 has " + normalised.get(0).dim);
            }
            normalised.add(rows);
            max = Math.max(max, rows.rows);
        }
        this.prompts = List.copyOf(normalised);
        this.maxTokens = max;
    }

    /**
     * Mean F1 over {@code pairs} ordered pairs (i, j), i != j, drawn uniformly with replacement.
     *
     * @param random pass a seeded generator for a reproducible baseline
     * @throws IllegalArgumentException if {@code pairs} is not positive
     */
    public double estimate(int pairs, RandomGenerator random) {
        if (pairs <= 0) {
            throw new IllegalArgumentException("pairs must be > 0, was " + pairs);
        }
        float[] scratch = new float[maxTokens];
        int n = prompts.size();
        double sum = 0;
        for (int p = 0; p < pairs; p++) {
            int i = random.nextInt(n);
            int j = random.nextInt(n - 1);
            if (j >= i) {
                j++; // why: skips i so that j is uniform over the other prompts
            }
            sum += BertScore.f1(prompts.get(i), prompts.get(j), scratch);
        }
        return sum / pairs;
    }
}
