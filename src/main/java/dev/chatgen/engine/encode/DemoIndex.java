package dev.chatgen.engine.encode;

import dev.chatgen.catalog.Demonstration;
import dev.chatgen.catalog.ModelCatalog;

import java.util.ArrayList;
import java.util.List;

/** Every demonstration's encoder state, by catalog position, and which demonstrations belong to which model. */
public final class DemoIndex {
    private final ModelCatalog catalog;
    private final float[][] features;
    private final List<int[]> byModel;

    public DemoIndex(ModelCatalog catalog, float[][] features) {
        if (features.length != catalog.demonstrations().size()) {
            throw new IllegalArgumentException(features.length + " feature rows for " + catalog.demonstrations().size() + " demonstrations");
        }
        this.catalog = catalog;
        this.features = features;
        List<List<Integer>> lists = new ArrayList<>();
        for (int i = 0; i < catalog.size(); i++) {
            lists.add(new ArrayList<>());
        }
        List<Demonstration> demos = catalog.demonstrations();
        for (int i = 0; i < demos.size(); i++) {
            lists.get(catalog.indexOf(demos.get(i).model())).add(i);
        }
        this.byModel = lists.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toList();
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    public int size() {
        return features.length;
    }

    public float[] features(int demo) {
        return features[demo];
    }

    public Demonstration demonstration(int demo) {
        return catalog.demonstrations().get(demo);
    }

    /** Positions of the {@code k} demonstrations of {@code model} nearest to {@code h}, nearest first. */
    public int[] nearestOf(int model, float[] h, int k) {
        int[] own = byModel.get(model);
        double[] sims = new double[own.length];
        for (int i = 0; i < own.length; i++) {
            sims[i] = Vectors.dot(h, features[own[i]]);
        }
        int[] top = TopK.indices(sims, k);
        for (int i = 0; i < top.length; i++) {
            top[i] = own[top[i]];
        }
        return top;
    }

    /** Positions of the demonstrations of the model at catalog index {@code model}. */
    public int[] ofModel(int model) {
        return byModel.get(model);
    }
}
