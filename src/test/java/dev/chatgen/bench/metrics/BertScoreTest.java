package dev.chatgen.bench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BertScoreTest {

    @Test
    void f1_identicalTokens() {
        float[][] m = {{1, 2, 3}, {-1, 0, 4}};
        assertEquals(1.0, BertScore.f1(m, m), 1e-6);
    }

    @Test
    void f1_orthogonalTokens() {
        assertEquals(0.0, BertScore.f1(new float[][] {{1, 0}}, new float[][] {{0, 1}}), 1e-9);
    }

    @Test
    void f1_greedyPrecisionAndRecall() {
        // P = 1 (the candidate token has an exact match); R = (1 + 0) / 2; F1 = 2/3
        float[][] candidate = {{1, 0}};
        float[][] reference = {{1, 0}, {0, 1}};
        assertEquals(2.0 / 3, BertScore.f1(candidate, reference), 1e-6);
    }

    @Test
    void f1_unnormalisedInputSameAsNormalised() {
        float[][] candidate = {{3, 4}, {0, 2}};
        float[][] reference = {{1, 1}, {-2, 5}, {7, 0}};
        float[][] scaledCandidate = {{30, 40}, {0, 0.5f}};
        float[][] scaledReference = {{0.1f, 0.1f}, {-20, 50}, {1, 0}};
        assertEquals(BertScore.f1(candidate, reference),
                BertScore.f1(scaledCandidate, scaledReference), 1e-6);
    }

    @Test
    void f1_handComputedCosines() {
        // cos((3,4),(1,0)) = 0.6, cos((3,4),(0,1)) = 0.8, cos((0,1),(1,0)) = 0, cos((0,1),(0,1)) = 1
        // P = (0.8 + 1) / 2 = 0.9; R = (0.6 + 1) / 2 = 0.8; F1 = 1.44 / 1.7
        float[][] candidate = {{3, 4}, {0, 1}};
        float[][] reference = {{1, 0}, {0, 1}};
        assertEquals(1.44 / 1.7, BertScore.f1(candidate, reference), 1e-6);
    }

    @Test
    void f1_emptyText() {
        assertEquals(0.0, BertScore.f1(new float[0][], new float[][] {{1, 0}}), 0.0);
        assertEquals(0.0, BertScore.f1(new float[][] {{1, 0}}, new float[0][]), 0.0);
    }

    @Test
    void f1_widthMismatch() {
        assertThrows(IllegalArgumentException.class,
                () -> BertScore.f1(new float[][] {{1, 0}}, new float[][] {{1, 0, 0}}));
        assertThrows(IllegalArgumentException.class,
                () -> BertScore.f1(new float[][] {{1, 0}, {1}}, new float[][] {{1, 0}}));
    }

    @Test
    void rescale_baselineMapsToZeroAndOneStaysOne() {
        assertEquals(0.5, BertScore.rescale(0.9, 0.8), 1e-12);
        assertEquals(0.0, BertScore.rescale(0.8, 0.8), 1e-12);
        assertEquals(1.0, BertScore.rescale(1.0, 0.8), 1e-12);
    }

    @Test
    void rescale_baselineNotBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> BertScore.rescale(0.9, 1.0));
        assertThrows(IllegalArgumentException.class, () -> BertScore.rescale(0.9, Double.NaN));
    }
}
