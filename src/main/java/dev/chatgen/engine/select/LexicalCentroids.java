package dev.chatgen.engine.select;

import dev.chatgen.catalog.Demonstration;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.engine.encode.TopK;
import dev.chatgen.engine.prompt.Words;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A word-level opinion beside the sentence encoder's: the tf-idf centroid of each model's
 * description, tags and demonstration requests, and a request's cosine to each centroid. A single
 * decisive word ("watercolor", "isometric") keeps its weight here, where a sentence embedding
 * blurs it among the subject's words. For training, a demonstration is scored against its model's
 * centroid without itself (leave-one-out), so the learned weight of this opinion is honest.
 */
public final class LexicalCentroids {

    private final ModelCatalog catalog;
    private final Map<String, Double> idf = new HashMap<>();
    private final Map<String, Posting> postings = new HashMap<>();
    private final double[] centroidNormSquared;
    private final double unknownIdf;

    public LexicalCentroids(ModelCatalog catalog) {
        this.catalog = catalog;
        List<String> docs = new ArrayList<>();
        for (Demonstration d : catalog.demonstrations()) {
            docs.add(requestText(d));
        }
        catalog.models().forEach(m -> docs.add(m.profileText()));
        Map<String, Integer> df = new HashMap<>();
        for (String doc : docs) {
            terms(doc).keySet().forEach(t -> df.merge(t, 1, Integer::sum));
        }
        double n = docs.size();
        df.forEach((t, c) -> idf.put(t, Math.log((n + 1) / (c + 0.5))));
        unknownIdf = Math.log(n + 1);
        Map<String, Map<Integer, Double>> centroids = new HashMap<>();
        for (int m = 0; m < catalog.size(); m++) {
            addInto(centroids, m, vector(catalog.model(m).profileText()));
        }
        for (Demonstration d : catalog.demonstrations()) {
            addInto(centroids, catalog.indexOf(d.model()), vector(requestText(d)));
        }
        centroidNormSquared = new double[catalog.size()];
        centroids.forEach((t, byModel) -> {
            int[] models = new int[byModel.size()];
            float[] weights = new float[byModel.size()];
            int k = 0;
            for (var e : byModel.entrySet()) {
                models[k] = e.getKey();
                weights[k++] = e.getValue().floatValue();
                centroidNormSquared[e.getKey()] += e.getValue() * e.getValue();
            }
            postings.put(t, new Posting(models, weights));
        });
    }

    /** The models whose centroid has a term, and its weight there. */
    private record Posting(int[] models, float[] weights) {
    }

    private static void addInto(Map<String, Map<Integer, Double>> centroids, int model, Map<String, Double> v) {
        v.forEach((t, w) -> centroids.computeIfAbsent(t, k -> new HashMap<>()).merge(model, w, Double::sum));
    }

    /** The text a demonstration's request is scored by: all its turns. */
    public static String requestText(Demonstration d) {
        return String.join(". ", d.turns());
    }

    /** Cosine of the request to each model's centroid, for the best-scoring models (see {@link Strongest}). */
    public Map<Integer, Double> scores(String text) {
        return scores(vector(text), -1);
    }

    /** As {@link #scores}, with the demonstration's own request taken out of its model's centroid. */
    public Map<Integer, Double> scoresLeavingOut(Demonstration d) {
        return scores(vector(requestText(d)), catalog.indexOf(d.model()));
    }

    private Map<Integer, Double> scores(Map<String, Double> v, int leftOut) {
        // Dense accumulation: a common word touches most models of a big catalog.
        double[] dots = new double[centroidNormSquared.length];
        double ownDotCentroid = 0;
        for (var e : v.entrySet()) {
            Posting p = postings.get(e.getKey());
            if (p == null) {
                continue;
            }
            double w = e.getValue();
            for (int k = 0; k < p.models.length; k++) {
                dots[p.models[k]] += w * p.weights[k];
                if (p.models[k] == leftOut) {
                    ownDotCentroid += w * p.weights[k];
                }
            }
        }
        if (leftOut >= 0) {
            // Centroid minus this (unit) vector: the dot drops by |v|^2 = 1, the squared norm by 2 c.v - 1.
            dots[leftOut] -= 1;
        }
        double[] cos = new double[dots.length];
        for (int m = 0; m < dots.length; m++) {
            double norm2 = m == leftOut ? centroidNormSquared[m] - 2 * ownDotCentroid + 1 : centroidNormSquared[m];
            cos[m] = norm2 > 1e-9 && dots[m] > 1e-9 ? dots[m] / Math.sqrt(norm2) : 0;
        }
        Map<Integer, Double> out = new HashMap<>();
        for (int m : TopK.indices(cos, Strongest.KEEP)) {
            if (cos[m] > 0) {
                out.put(m, cos[m]);
            }
        }
        return out;
    }

    /** Unit-length tf-idf vector of a text. */
    private Map<String, Double> vector(String text) {
        Map<String, Double> v = new HashMap<>();
        terms(text).forEach((t, c) -> v.put(t, c * idf.getOrDefault(t, unknownIdf)));
        double norm = Math.sqrt(v.values().stream().mapToDouble(x -> x * x).sum());
        if (norm > 0) {
            v.replaceAll((t, w) -> w / norm);
        }
        return v;
    }

    private static Map<String, Integer> terms(String text) {
        Map<String, Integer> counts = new HashMap<>();
        for (String w : Words.stems(Words.of(text))) {
            counts.merge(w, 1, Integer::sum);
        }
        return counts;
    }
}
