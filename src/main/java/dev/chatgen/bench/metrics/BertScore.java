package dev.chatgen.bench.metrics;

import java.util.Arrays;

/**
 * BERTScore F1 from contextual token embeddings (greedy matching, no idf weighting).
 *
 * <p>The cosine similarity of every candidate token to every reference token is computed;
 * precision is the mean over candidate tokens of their best similarity, recall the mean over
 * reference tokens of theirs, and F1 = 2PR / (P + R).
 *
 * <p>The caller passes only the tokens to score: special tokens such as [CLS] and [SEP] must
 * already be removed, as BERTScore excludes them. Vectors need not be normalised. A text with no
 * tokens scores 0.0.
 */
public final class BertScore {

    private BertScore() {
    }

    /**
     * @param candidate one row per candidate token
     * @param reference one row per reference token, same width as the candidate rows
     * @throws IllegalArgumentException if the rows differ in width
     */
    public static double f1(float[][] candidate, float[][] reference) {
        UnitRows c = UnitRows.of(candidate);
        UnitRows r = UnitRows.of(reference);
        return f1(c, r, new float[r.rows]);
    }

    /**
     * Rescales a score against a baseline so that the baseline maps to 0 and a perfect score to
     * 1, as bert-score's {@code rescale_with_baseline}: (f - b) / (1 - b).
     *
     * @throws IllegalArgumentException if {@code baseline} is not below 1
     */
    public static double rescale(double f, double baseline) {
        if (!(baseline < 1)) {
            throw new IllegalArgumentException("baseline must be < 1, was " + baseline);
        }
        return (f - baseline) / (1 - baseline);
    }

    /**
     * F1 of pre-normalised matrices; {@code columnBest} is scratch of at least
     * {@code reference.rows} so that repeated calls allocate nothing.
     */
    static double f1(UnitRows candidate, UnitRows reference, float[] columnBest) {
        if (candidate.rows == 0 || reference.rows == 0) {
            return 0.0;
        }
        if (candidate.dim != reference.dim) {
            throw new IllegalArgumentException("candidate tokens have " + candidate.dim
                    + " dimensions, reference tokens " + reference.dim);
        }
        Arrays.fill(columnBest, 0, reference.rows, Float.NEGATIVE_INFINITY);
        double precisionSum = 0;
        // why: one pass over the matrix fills both the row maxima and the column maxima
        for (int i = 0; i < candidate.rows; i++) {
            float rowBest = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < reference.rows; j++) {
                float sim = candidate.dot(i, reference, j);
                if (sim > rowBest) {
                    rowBest = sim;
                }
                if (sim > columnBest[j]) {
                    columnBest[j] = sim;
                }
            }
            precisionSum += rowBest;
        }
        double recallSum = 0;
        for (int j = 0; j < reference.rows; j++) {
            recallSum += columnBest[j];
        }
        double precision = precisionSum / candidate.rows;
        double recall = recallSum / reference.rows;
        if (precision + recall == 0) {
            return 0.0;
        }
        return 2 * precision * recall / (precision + recall);
    }
}
