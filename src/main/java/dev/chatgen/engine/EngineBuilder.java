package dev.chatgen.engine;

import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.engine.encode.DemoIndex;
import dev.chatgen.engine.args.DemonstrationVoteConfigurer;
import dev.chatgen.engine.encode.Encoder;
import dev.chatgen.engine.prompt.KeepRates;
import dev.chatgen.engine.prompt.RequestReader;
import dev.chatgen.engine.prompt.StyleBorrowingPromptWriter;
import dev.chatgen.engine.select.LexicalCentroids;
import dev.chatgen.engine.select.ModelLexicon;
import dev.chatgen.engine.select.ModelTokenLearning;
import dev.chatgen.engine.select.ModelTokenSelector;
import dev.chatgen.engine.select.ModelTokenStore;
import dev.chatgen.engine.select.RequestFeatures;
import dev.chatgen.render.png.ImageInspector;

/** Builds the embedded engine for a catalog: learns what it needs from the demonstrations (or loads it) once. */
public final class EngineBuilder {
    private EngineBuilder() {
    }

    public static Engine embedded(ModelCatalog catalog, Encoder encoder, EngineSettings settings) {
        RequestReader reader = new RequestReader(KeepRates.learn(catalog.demonstrations()), settings.maxInputChars());
        RequestFeatures features = new RequestFeatures(encoder);
        ModelLexicon lexicon = new ModelLexicon(catalog);
        LexicalCentroids centroids = new LexicalCentroids(catalog);
        ModelTokenStore.Entry learned = new ModelTokenLearning(encoder, reader, features, lexicon, centroids,
                new ModelTokenStore(settings.modelTokenDir()), settings.training()).loadOrTrain(catalog);
        DemoIndex demos = new DemoIndex(catalog, learned.demoFeatures());
        return new Engine(catalog, reader, features,
                new AttachmentReader(catalog, new ImageInspector(settings.maxImageBytes(), settings.maxImagePixels())),
                new ModelTokenSelector(catalog, learned.tokens(), lexicon, centroids, settings.topK()),
                new StyleBorrowingPromptWriter(catalog, demos),
                new DemonstrationVoteConfigurer(demos, settings.argNeighbours()));
    }
}
