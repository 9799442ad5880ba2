package dev.chatgen.bench;

/** A system under evaluation: ChatGen-Evo or one of the baselines it is compared with. */
public interface Predictor {
    String name();

    Prediction predict(BenchCase benchCase);
}
