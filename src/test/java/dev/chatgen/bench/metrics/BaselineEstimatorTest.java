package dev.chatgen.bench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BaselineEstimatorTest {

    private static final float[][] A = {{3, 4}, {0, 1}};
    private static final float[][] B = {{1, 0}, {0, 1}};

    @Test
    void estimate_twoPromptsOnlyEverPairsThemWithEachOther() {
        // a pair of a prompt with itself would score 1.0 and lift the mean above f1(A, B)
        double b = new BaselineEstimator(List.of(A, B)).estimate(500, new SplittableRandom(1));
        assertEquals(BertScore.f1(A, B), b, 1e-9);
    }

    @Test
    void estimate_meanOverPairs() {
        // C is orthogonal to A and B: pairs with C score 0, so b = f1(A, B) * P(pair is {A, B})
        float[][] c = {{0, 0, 1}};
        float[][] a3 = {{3, 4, 0}, {0, 1, 0}};
        float[][] b3 = {{1, 0, 0}, {0, 1, 0}};
        double b = new BaselineEstimator(List.of(a3, b3, c)).estimate(200_000, new SplittableRandom(7));
        assertEquals(BertScore.f1(a3, b3) / 3, b, 0.005);
    }

    @Test
    void estimate_sameSeedSameBaseline() {
        List<float[][]> prompts = randomPrompts(20, new Random(3));
        BaselineEstimator estimator = new BaselineEstimator(prompts);
        assertEquals(estimator.estimate(300, new SplittableRandom(42)),
                estimator.estimate(300, new SplittableRandom(42)), 0.0);
    }

    @Test
    void estimate_matchesPublicF1OnRealisticShapes() {
        List<float[][]> prompts = randomPrompts(2, new Random(5));
        double b = new BaselineEstimator(prompts).estimate(3, new SplittableRandom(0));
        assertEquals(BertScore.f1(prompts.get(0), prompts.get(1)), b, 1e-6);
    }

    @Test
    void estimate_pairsNotPositive() {
        BaselineEstimator estimator = new BaselineEstimator(List.of(A, B));
        assertThrows(IllegalArgumentException.class,
                () -> estimator.estimate(0, new SplittableRandom(1)));
    }

    @Test
    void new_fewerThanTwoPrompts() {
        assertThrows(IllegalArgumentException.class, () -> new BaselineEstimator(List.<float[][]>of(A)));
    }

    @Test
    void new_emptyPrompt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BaselineEstimator(List.of(A, new float[0][])));
        assertEquals("prompt 1 has no tokens", e.getMessage());
    }

    @Test
    void new_widthMismatch() {
        assertThrows(IllegalArgumentException.class,
                () -> new BaselineEstimator(List.of(A, new float[][] {{1, 0, 0}})));
    }

    /** Prompts of 40..80 tokens x 384 dimensions, like MiniLM token embeddings. */
    private static List<float[][]> randomPrompts(int count, Random random) {
        List<float[][]> prompts = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            float[][] m = new float[40 + random.nextInt(41)][384];
            for (float[] row : m) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = (float) random.nextGaussian();
                }
            }
            prompts.add(m);
        }
        return prompts;
    }
}
