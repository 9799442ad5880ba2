package dev.chatgen.engine.select;

import dev.chatgen.engine.encode.Vectors;

import java.util.Map;

/**
 * The ModelToken matrix W_M, one learned row per catalog model in catalog order, and the learned
 * weight of the tag evidence. A request with encoder state h and tag scores t scores model m with
 * W_M[m] . h + tagWeight * t[m] (the paper's softmax(W_M h), plus the lexical term).
 */
public record ModelTokens(float[][] rows, float tagWeight, float centroidWeight) {

    public ModelTokens(float[][] rows, float tagWeight) {
        this(rows, tagWeight, 0f);
    }

    public int models() {
        return rows.length;
    }

    public int dimension() {
        return rows.length == 0 ? 0 : rows[0].length;
    }

    public double[] logits(float[] h, Map<Integer, Double> tagScores) {
        return logits(h, tagScores, Map.of());
    }

    public double[] logits(float[] h, Map<Integer, Double> tagScores, Map<Integer, Double> centroidScores) {
        double[] out = new double[rows.length];
        for (int m = 0; m < rows.length; m++) {
            out[m] = Vectors.dot(rows[m], h);
        }
        tagScores.forEach((m, s) -> out[m] += tagWeight * s);
        centroidScores.forEach((m, s) -> out[m] += centroidWeight * s);
        return out;
    }
}
