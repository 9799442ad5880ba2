package dev.chatgen.engine.select;

import dev.chatgen.catalog.Demonstration;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.engine.encode.Encoder;
import dev.chatgen.engine.encode.Vectors;
import dev.chatgen.engine.prompt.ReadRequest;
import dev.chatgen.engine.prompt.RequestReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds the ModelTokens for a catalog: reuse the stored ones when the catalog is unchanged,
 * else encode every demonstration, initialise each row from the model's description and its
 * demonstrations, train, and store.
 */
public final class ModelTokenLearning {
    private static final Logger log = LoggerFactory.getLogger(ModelTokenLearning.class);

    /**
     * @param initScale   length of an initial row; sets how peaked the untrained softmax is
     * @param profileShare how much of an initial row comes from the description rather than the demonstrations
     * @param anchor      pull towards the initial rows during training
     */
    public record Settings(int epochs, float learningRate, float anchor, float initScale, float profileShare, long seed) {
        public static Settings defaults() {
            return new Settings(200, 0.01f, 0.001f, 12f, 0.6f, 42);
        }
    }

    private final Encoder encoder;
    private final RequestReader reader;
    private final RequestFeatures features;
    private final ModelLexicon lexicon;
    private final LexicalCentroids centroids;
    private final ModelTokenStore store;
    private final Settings settings;

    public ModelTokenLearning(Encoder encoder, RequestReader reader, RequestFeatures features, ModelLexicon lexicon,
                              LexicalCentroids centroids, ModelTokenStore store, Settings settings) {
        this.encoder = encoder;
        this.reader = reader;
        this.features = features;
        this.lexicon = lexicon;
        this.centroids = centroids;
        this.store = store;
        this.settings = settings;
    }

    public ModelTokenStore.Entry loadOrTrain(ModelCatalog catalog) {
        String key = key(catalog);
        var stored = store.load(key);
        if (stored.isPresent() && stored.get().tokens().models() == catalog.size()
                && stored.get().demoFeatures().length == catalog.demonstrations().size()) {
            log.info("Loaded ModelTokens for {} models from {}", catalog.size(), store.fileFor(key));
            return stored.get();
        }
        long start = System.nanoTime();
        float[][] demoFeatures = encodeDemonstrations(catalog);
        long encoded = System.nanoTime();
        ModelTokens initial = initialRows(catalog, demoFeatures);
        ModelTokens trained = new ModelTokenTrainer(settings.epochs(), settings.learningRate(), settings.anchor(), settings.seed())
                .train(initial, examples(catalog, demoFeatures));
        long done = System.nanoTime();
        ModelTokenStore.Entry entry = new ModelTokenStore.Entry(trained, demoFeatures);
        try {
            store.save(key, entry);
        } catch (IOException e) {
            log.warn("Could not store ModelTokens in {} ({}); they will be trained again at the next start", store.fileFor(key), e.toString());
        }
        log.info("Trained ModelTokens for {} models on {} demonstrations: encoding {} ms, training {} ms",
                catalog.size(), catalog.demonstrations().size(), (encoded - start) / 1_000_000, (done - encoded) / 1_000_000);
        return entry;
    }

    public float[][] encodeDemonstrations(ModelCatalog catalog) {
        List<ReadRequest> requests = new ArrayList<>();
        for (Demonstration d : catalog.demonstrations()) {
            requests.add(reader.read(d.turns()));
        }
        return features.ofAll(requests).toArray(new float[0][]);
    }

    private ModelTokens initialRows(ModelCatalog catalog, float[][] demoFeatures) {
        List<String> profiles = catalog.models().stream().map(m -> m.profileText()).toList();
        List<float[]> profileVectors = encoder.embedAll(profiles);
        int d = features.dimension();
        float[][] means = new float[catalog.size()][d];
        int[] counts = new int[catalog.size()];
        List<Demonstration> demos = catalog.demonstrations();
        for (int i = 0; i < demos.size(); i++) {
            int m = catalog.indexOf(demos.get(i).model());
            Vectors.addScaled(means[m], demoFeatures[i], 1f);
            counts[m]++;
        }
        float[][] rows = new float[catalog.size()][];
        for (int m = 0; m < catalog.size(); m++) {
            float[] row = Vectors.normalize(profileVectors.get(m));
            if (counts[m] > 0) {
                for (int k = 0; k < d; k++) {
                    row[k] *= settings.profileShare();
                }
                Vectors.addScaled(row, Vectors.normalize(means[m]), 1f - settings.profileShare());
            }
            Vectors.normalize(row);
            for (int k = 0; k < d; k++) {
                row[k] *= settings.initScale();
            }
            rows[m] = row;
        }
        return new ModelTokens(rows, 1f, 1f);
    }

    private List<TrainingExample> examples(ModelCatalog catalog, float[][] demoFeatures) {
        int[] counts = new int[catalog.size()];
        for (Demonstration d : catalog.demonstrations()) {
            counts[catalog.indexOf(d.model())]++;
        }
        List<TrainingExample> out = new ArrayList<>();
        List<Demonstration> demos = catalog.demonstrations();
        for (int i = 0; i < demos.size(); i++) {
            int m = catalog.indexOf(demos.get(i).model());
            // 1/sqrt(count): a model with 2 examples is heard, without each of them counting 6 times.
            String text = LexicalCentroids.requestText(demos.get(i));
            out.add(new TrainingExample(demoFeatures[i], lexicon.read(text).tagScores(),
                    centroids.scoresLeavingOut(demos.get(i)), m, (float) (1.0 / Math.sqrt(counts[m]))));
        }
        return out;
    }

    private String key(ModelCatalog catalog) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((catalog.fingerprint() + "|features=" + RequestFeatures.VERSION + "|trainer=" + ModelTokenTrainer.VERSION + "|" + settings).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
