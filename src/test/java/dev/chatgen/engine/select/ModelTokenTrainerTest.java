package dev.chatgen.engine.select;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real training steps on DJL's PyTorch engine (libtorch from the jar). */
class ModelTokenTrainerTest {
    private static final float[][] CENTRES = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}};

    private static List<TrainingExample> examples(Random random, int perClass) {
        List<TrainingExample> out = new ArrayList<>();
        for (int c = 0; c < CENTRES.length; c++) {
            for (int i = 0; i < perClass; i++) {
                float[] x = new float[4];
                for (int k = 0; k < 4; k++) {
                    x[k] = CENTRES[c][k] + (float) random.nextGaussian() * 0.2f;
                }
                out.add(new TrainingExample(x, Map.of(), c, 1f));
            }
        }
        return out;
    }

    private static double accuracy(ModelTokens tokens, List<TrainingExample> data) {
        int right = 0;
        for (TrainingExample e : data) {
            double[] l = tokens.logits(e.features(), Map.of());
            int best = 0;
            for (int m = 1; m < l.length; m++) {
                best = l[m] > l[best] ? m : best;
            }
            right += best == e.model() ? 1 : 0;
        }
        return (double) right / data.size();
    }

    @Test
    void train_learnsSeparableClassesFromUninformativeRows() {
        ModelTokens initial = new ModelTokens(new float[3][4], 0f);
        List<TrainingExample> data = examples(new Random(1), 20);
        ModelTokens trained = new ModelTokenTrainer(100, 0.05f, 0f, 1).train(initial, data);
        assertEquals(1.0 / 3, accuracy(initial, data), 0.01);
        assertTrue(accuracy(trained, examples(new Random(2), 20)) > 0.95);
    }

    @Test
    void train_anchorKeepsARowWithoutExamplesWhereItStarted() {
        float[][] rows = {{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 5, 0}};
        List<TrainingExample> data = examples(new Random(3), 20).stream().filter(e -> e.model() != 2).toList();
        ModelTokens anchored = new ModelTokenTrainer(100, 0.05f, 1f, 1).train(new ModelTokens(rows, 0f), data);
        ModelTokens free = new ModelTokenTrainer(100, 0.05f, 0f, 1).train(new ModelTokens(rows, 0f), data);
        assertTrue(anchored.rows()[2][2] > free.rows()[2][2], anchored.rows()[2][2] + " vs " + free.rows()[2][2]);
    }

    @Test
    void train_learnsTheWeightOfTagEvidence() {
        // The label is exactly the model whose tag matched; h carries nothing.
        List<TrainingExample> data = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            data.add(new TrainingExample(new float[4], Map.of(i % 3, 1.0), i % 3, 1f));
        }
        ModelTokens trained = new ModelTokenTrainer(100, 0.05f, 0f, 1).train(new ModelTokens(new float[3][4], 0f), data);
        assertTrue(trained.tagWeight() > 1f, "tag weight " + trained.tagWeight());
    }
}
