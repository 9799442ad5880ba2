package dev.chatgen.engine.select;

import java.util.Map;

/**
 * One labelled request for ModelToken training: its encoder state, its tag scores by model
 * (sparse; see {@link ModelLexicon}), the model chosen, and a weight so rare models are heard.
 */
public record TrainingExample(float[] features, Map<Integer, Double> tagScores, Map<Integer, Double> centroidScores, int model, float weight) {
    public TrainingExample(float[] features, Map<Integer, Double> tagScores, int model, float weight) {
        this(features, tagScores, Map.of(), model, weight);
    }

}
