package dev.chatgen.testing;

import dev.chatgen.catalog.CatalogLoader;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.engine.Engine;
import dev.chatgen.engine.EngineBuilder;
import dev.chatgen.engine.EngineSettings;
import dev.chatgen.engine.encode.CachingEncoder;
import dev.chatgen.engine.encode.Encoder;
import dev.chatgen.engine.encode.MiniLmEncoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real embedded engine on the product's default catalog, built once per test JVM: loading
 * MiniLM and training ModelTokens take seconds, and every engine-level test wants the real thing.
 */
public final class SharedEngine {
    public static final Path MODELS = Path.of("bot-config/catalog/models.jsonl");
    public static final Path DEMONSTRATIONS = Path.of("bot-config/catalog/demonstrations.jsonl");

    /** The YAML lines that give a child process this catalog and the shared model-token cache; add the test's own after them. */
    public static List<String> configLines() {
        return List.of(
                "catalog:",
                "  models: " + MODELS.toAbsolutePath(),
                "  demonstrations: " + DEMONSTRATIONS.toAbsolutePath(),
                "engine:",
                "  model-tokens:",
                "    cache-dir: " + Path.of("data/model-tokens").toAbsolutePath());
    }

    private static Encoder encoder;
    private static ModelCatalog catalog;
    private static Engine engine;

    private SharedEngine() {
    }

    public static synchronized Encoder encoder() {
        if (encoder == null) {
            encoder = new CachingEncoder(MiniLmEncoder.load(0), 50_000);
        }
        return encoder;
    }

    public static synchronized ModelCatalog catalog() {
        if (catalog == null) {
            catalog = CatalogLoader.load(MODELS, DEMONSTRATIONS);
        }
        return catalog;
    }

    public static synchronized Engine engine() {
        if (engine == null) {
            try {
                Path dir = Files.createTempDirectory("chatgen-model-tokens");
                engine = EngineBuilder.embedded(catalog(), encoder(), EngineSettings.defaults(dir));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return engine;
    }
}
