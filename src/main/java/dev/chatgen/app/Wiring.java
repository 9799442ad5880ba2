package dev.chatgen.app;

import dev.chatgen.catalog.CatalogLoader;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.config.ChatgenConfig;
import dev.chatgen.config.ConfigLoader;
import dev.chatgen.engine.Engine;
import dev.chatgen.engine.EngineBuilder;
import dev.chatgen.engine.EngineSettings;
import dev.chatgen.engine.encode.CachingEncoder;
import dev.chatgen.engine.encode.Encoder;
import dev.chatgen.engine.encode.MiniLmEncoder;
import dev.chatgen.engine.select.ModelTokenLearning;

import java.nio.file.Files;
import java.nio.file.Path;

/** The composition root: builds every component from config, by hand, in one place. */
final class Wiring {
    private Wiring() {
    }

    static ChatgenConfig config(Path file) {
        if (!Files.exists(file)) {
            throw new UserInputException("configuration file " + file + " not found (run from the repository root or pass --config)");
        }
        ChatgenConfig config = ConfigLoader.load(file, System.getenv());
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", config.log().level().name().toLowerCase());
        return config;
    }

    static Encoder encoder(ChatgenConfig config) {
        return new CachingEncoder(MiniLmEncoder.load(0), config.engine().encoder().cacheSize());
    }

    static ModelCatalog catalog(ChatgenConfig config) {
        return CatalogLoader.load(config.catalog().models(), config.catalog().demonstrations());
    }

    static EngineSettings settings(ChatgenConfig config) {
        var e = config.engine();
        var defaults = ModelTokenLearning.Settings.defaults();
        return new EngineSettings(
                e.prompt().maxInputChars(),
                e.select().topK(),
                e.args().neighbours(),
                e.images().maxBytes(),
                e.images().maxPixels(),
                e.modelTokens().cacheDir(),
                new ModelTokenLearning.Settings(e.modelTokens().epochs(), (float) e.modelTokens().learningRate(),
                        (float) e.modelTokens().anchor(), defaults.initScale(), defaults.profileShare(), e.modelTokens().seed()));
    }

    /** Stages 1 and 3 from config.llm(): embedded by default, or the LLM server with the embedded stage standing in. */
    static Engine engine(ModelCatalog catalog, Encoder encoder, ChatgenConfig config) {
        return EngineBuilder.build(catalog, encoder, settings(config), config.llm());
    }
}
