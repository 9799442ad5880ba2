package dev.chatgen.engine.select;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Trains W_M with DJL's PyTorch engine: the encoder is frozen, so only the |M| x d matrix (and the
 * one weight of the tag evidence) learns, with cross-entropy and Adam. The loss also pulls each
 * row towards its initial value (built from the model's description and demonstrations), so a
 * model with two examples keeps what its description says instead of being drowned by models
 * with many. Beside W_M, two scalars learn how much to trust the word-level evidence
 * ({@link ModelLexicon} tags, {@link LexicalCentroids} cosines). Small catalogs train full-batch; large ones in shuffled mini-batches under a step budget.
 */
public final class ModelTokenTrainer {
    /** Bump when training changes, so weights cached by the old trainer are retrained. */
    static final int VERSION = 2;
    /** Dense floats one batch may hold per input (features are n x d, the rest n x |M|): bounds memory for big catalogs. */
    private static final int BATCH_FLOATS = 4_000_000;
    private static final int MAX_BATCH = 2048;
    private static final int MAX_STEPS = 600;

    private final int epochs;
    private final float learningRate;
    private final float anchor;
    private final long seed;

    /** @param anchor weight of the pull towards the initial rows (an L2 penalty on W - W0) */
    public ModelTokenTrainer(int epochs, float learningRate, float anchor, long seed) {
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.anchor = anchor;
        this.seed = seed;
    }

    public ModelTokens train(ModelTokens initial, List<TrainingExample> examples) {
        int m = initial.models();
        int d = initial.dimension();
        if (examples.isEmpty()) {
            return initial;
        }
        float total = 0;
        for (TrainingExample e : examples) {
            total += e.weight();
        }
        int batchSize = Math.max(64, Math.min(MAX_BATCH, BATCH_FLOATS / Math.max(m, d)));
        int batchesPerEpoch = (examples.size() + batchSize - 1) / batchSize;
        int steps = Math.min(epochs * batchesPerEpoch, Math.max(epochs, MAX_STEPS));
        List<TrainingExample> order = new ArrayList<>(examples);
        Random random = new Random(seed);
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray start = manager.create(flatten(initial.rows(), d), new Shape(m, d));
            NDArray weights = start.duplicate();
            weights.setRequiresGradient(true);
            NDArray tagWeight = manager.create(new float[] {initial.tagWeight()}, new Shape(1));
            tagWeight.setRequiresGradient(true);
            NDArray centroidWeight = manager.create(new float[] {initial.centroidWeight()}, new Shape(1));
            centroidWeight.setRequiresGradient(true);
            NDArray anchors = manager.create(rowAnchors(examples, m), new Shape(m, 1));
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build();
            Batch full = batchesPerEpoch == 1 ? batch(manager, order, m, d, total) : null;
            for (int step = 0; step < steps; step++) {
                int b = step % batchesPerEpoch;
                if (b == 0 && full == null) {
                    Collections.shuffle(order, random);
                }
                try (NDScope scope = new NDScope()) {
                    Batch batch = full != null ? full
                            : batch(manager, order.subList(b * batchSize, Math.min(order.size(), (b + 1) * batchSize)), m, d, total / batchesPerEpoch);
                    try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                        NDArray logits = batch.features.matMul(weights.transpose()).add(batch.tagScores.mul(tagWeight)).add(batch.centroidScores.mul(centroidWeight));
                        NDArray crossEntropy = logits.logSoftmax(1).mul(batch.targets).sum().neg();
                        NDArray pull = weights.sub(start).square().mul(anchors).sum().div(batchesPerEpoch);
                        collector.backward(crossEntropy.add(pull));
                    }
                    scope.suppressNotUsedWarning();
                }
                adam.update("model_tokens", weights, weights.getGradient());
                adam.update("tag_weight", tagWeight, tagWeight.getGradient());
                adam.update("centroid_weight", centroidWeight, centroidWeight.getGradient());
            }
            float[] trained = weights.toFloatArray();
            float[][] rows = new float[m][d];
            for (int r = 0; r < m; r++) {
                System.arraycopy(trained, r * d, rows[r], 0, d);
            }
            return new ModelTokens(rows, tagWeight.toFloatArray()[0], centroidWeight.toFloatArray()[0]);
        }
    }

    /**
     * The pull on each row, scaled by how few examples it has against the mean: a row learned
     * from two examples stays nearer its description-based start than one learned from thirteen.
     */
    private float[] rowAnchors(List<TrainingExample> examples, int m) {
        int[] perModel = new int[m];
        for (TrainingExample e : examples) {
            perModel[e.model()]++;
        }
        float mean = (float) examples.size() / m;
        float[] out = new float[m];
        for (int r = 0; r < m; r++) {
            out[r] = anchor * mean / Math.max(1, perModel[r]);
        }
        return out;
    }

    private record Batch(NDArray features, NDArray tagScores, NDArray centroidScores, NDArray targets) {
    }

    private static Batch batch(NDManager manager, List<TrainingExample> examples, int m, int d, float total) {
        int n = examples.size();
        float[] x = new float[n * d];
        float[] tags = new float[n * m];
        float[] centroids = new float[n * m];
        float[] targets = new float[n * m];
        for (int i = 0; i < n; i++) {
            TrainingExample e = examples.get(i);
            System.arraycopy(e.features(), 0, x, i * d, d);
            int row = i * m;
            e.tagScores().forEach((model, s) -> tags[row + model] = s.floatValue());
                        e.centroidScores().forEach((model, s) -> centroids[row + model] += s.floatValue());
            targets[row + e.model()] = e.weight() / total;
        }
        return new Batch(manager.create(x, new Shape(n, d)), manager.create(tags, new Shape(n, m)), manager.create(centroids, new Shape(n, m)), manager.create(targets, new Shape(n, m)));
    }

    private static float[] flatten(float[][] rows, int d) {
        float[] out = new float[rows.length * d];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * d, d);
        }
        return out;
    }
}
