package dev.chatgen.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models the bot may choose from and their demonstrations. Immutable; the index of a model
 * in {@link #models()} is its row in the ModelToken matrix.
 */
public final class ModelCatalog {
    private final List<T2IModel> models;
    private final Map<String, Integer> indexById;
    private final List<List<Demonstration>> demosByModel;
    private final List<Demonstration> demonstrations;
    private final String fingerprint;

    public ModelCatalog(List<T2IModel> models, List<Demonstration> demonstrations) {
        this.models = List.copyOf(models);
        this.demonstrations = List.copyOf(demonstrations);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < this.models.size(); i++) {
            if (index.putIfAbsent(this.models.get(i).id(), i) != null) {
                throw new IllegalArgumentException("duplicate model id " + this.models.get(i).id());
            }
        }
        this.indexById = Collections.unmodifiableMap(index);
        List<List<Demonstration>> byModel = new ArrayList<>();
        for (int i = 0; i < this.models.size(); i++) {
            byModel.add(new ArrayList<>());
        }
        for (Demonstration d : this.demonstrations) {
            Integer i = index.get(d.model());
            if (i == null) {
                throw new IllegalArgumentException("demonstration " + d.demoId() + " names unknown model " + d.model());
            }
            byModel.get(i).add(d);
        }
        this.demosByModel = byModel.stream().map(List::copyOf).toList();
        this.fingerprint = computeFingerprint();
    }

    public List<T2IModel> models() {
        return models;
    }

    public int size() {
        return models.size();
    }

    public T2IModel model(int index) {
        return models.get(index);
    }

    public Optional<T2IModel> find(String id) {
        Integer i = indexById.get(id);
        return i == null ? Optional.empty() : Optional.of(models.get(i));
    }

    public int indexOf(String id) {
        Integer i = indexById.get(id);
        if (i == null) {
            throw new IllegalArgumentException("unknown model " + id);
        }
        return i;
    }

    public boolean contains(String id) {
        return indexById.containsKey(id);
    }

    public List<Demonstration> demonstrations() {
        return demonstrations;
    }

    public List<Demonstration> demonstrationsOf(int modelIndex) {
        return demosByModel.get(modelIndex);
    }

    /** SHA-256 of everything that shapes trained weights, so a cache is reused only for this exact catalog. */
    public String fingerprint() {
        return fingerprint;
    }

    private String computeFingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (T2IModel m : models) {
                update(sha, m.toString());
            }
            for (Demonstration d : demonstrations) {
                update(sha, d.toString());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void update(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }
}
