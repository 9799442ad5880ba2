package dev.chatgen.bench;

import dev.chatgen.catalog.Demonstration;
import dev.chatgen.engine.encode.Encoder;
import dev.chatgen.engine.encode.Vectors;

import java.util.List;

/** Copies the training demonstration whose request is nearest (MiniLM cosine) to the test request. */
public final class NearestDemoBaseline implements Predictor {
    private final Encoder encoder;
    private final List<Demonstration> training;
    private final List<float[]> inputs;

    public NearestDemoBaseline(Encoder encoder, List<Demonstration> training) {
        this.encoder = encoder;
        this.training = training;
        this.inputs = encoder.embedAll(training.stream().map(d -> String.join(" ", d.turns())).toList());
    }

    @Override
    public String name() {
        return "nearest-demo";
    }

    @Override
    public Prediction predict(BenchCase c) {
        long start = System.nanoTime();
        float[] q = encoder.embed(String.join(" ", c.turns()));
        int best = 0;
        float bestSim = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < inputs.size(); i++) {
            float s = Vectors.dot(q, inputs.get(i));
            if (s > bestSim) {
                bestSim = s;
                best = i;
            }
        }
        Demonstration d = training.get(best);
        return new Prediction(c.id(), d.prompt(), d.negativePrompt(), d.model(), d.args(), (System.nanoTime() - start) / 1e6);
    }
}
