package dev.chatgen.engine;

import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.config.LlmConfig;
import dev.chatgen.config.StageBackend;
import dev.chatgen.engine.args.ArgConfigurer;
import dev.chatgen.engine.encode.DemoIndex;
import dev.chatgen.engine.args.DemonstrationVoteConfigurer;
import dev.chatgen.engine.encode.Encoder;
import dev.chatgen.engine.llm.ChatCompletions;
import dev.chatgen.engine.llm.LlmArgConfigurer;
import dev.chatgen.engine.llm.LlmEndpoint;
import dev.chatgen.engine.llm.LlmFormat;
import dev.chatgen.engine.llm.LlmOutcomes;
import dev.chatgen.engine.llm.LlmPromptWriter;
import dev.chatgen.engine.prompt.KeepRates;
import dev.chatgen.engine.prompt.PromptWriter;
import dev.chatgen.engine.prompt.RequestReader;
import dev.chatgen.engine.prompt.StyleBorrowingPromptWriter;
import dev.chatgen.engine.select.LexicalCentroids;
import dev.chatgen.engine.select.ModelLexicon;
import dev.chatgen.engine.select.ModelTokenLearning;
import dev.chatgen.engine.select.ModelTokenSelector;
import dev.chatgen.engine.select.ModelTokenStore;
import dev.chatgen.engine.select.RequestFeatures;
import dev.chatgen.render.png.ImageInspector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;

/**
 * Builds the engine for a catalog: learns what it needs from the demonstrations (or loads it)
 * once. Stages 1 and 3 are the embedded ones unless the LLM config names its server for them;
 * then the embedded stage stays behind the LLM one, for whenever the LLM fails.
 */
public final class EngineBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(EngineBuilder.class);
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private EngineBuilder() {
    }

    public static Engine embedded(ModelCatalog catalog, Encoder encoder, EngineSettings settings) {
        return build(catalog, encoder, settings, Optional.empty());
    }

    /** The engine with stages 1 and 3 as {@code llm} says: embedded, or the LLM at llm.url backed by the embedded stage. */
    public static Engine build(ModelCatalog catalog, Encoder encoder, EngineSettings settings, LlmConfig llm) {
        return build(catalog, encoder, settings, Optional.of(llm).filter(LlmConfig::used));
    }

    private static Engine build(ModelCatalog catalog, Encoder encoder, EngineSettings settings, Optional<LlmConfig> llm) {
        RequestReader reader = new RequestReader(KeepRates.learn(catalog.demonstrations()), settings.maxInputChars());
        RequestFeatures features = new RequestFeatures(encoder);
        ModelLexicon lexicon = new ModelLexicon(catalog);
        LexicalCentroids centroids = new LexicalCentroids(catalog);
        ModelTokenStore.Entry learned = new ModelTokenLearning(encoder, reader, features, lexicon, centroids,
                new ModelTokenStore(settings.modelTokenDir()), settings.training()).loadOrTrain(catalog);
        DemoIndex demos = new DemoIndex(catalog, learned.demoFeatures());
        PromptWriter writer = new StyleBorrowingPromptWriter(catalog, demos);
        ArgConfigurer configurer = new DemonstrationVoteConfigurer(demos, settings.argNeighbours());
        EngineStages stages = EngineStages.embedded();
        if (llm.isPresent()) {
            LlmConfig c = llm.get();
            LlmEndpoint endpoint = new LlmEndpoint(c.url(), c.model(), c.apiKey(), c.timeout());
            ChatCompletions client = new ChatCompletions(ChatCompletions.httpClient(
                    c.timeout().compareTo(MAX_CONNECT_TIMEOUT) < 0 ? c.timeout() : MAX_CONNECT_TIMEOUT), endpoint);
            Optional<LlmOutcomes> writing = Optional.empty();
            Optional<LlmOutcomes> configuring = Optional.empty();
            if (c.promptWriter() == StageBackend.LLM) {
                LlmFormat format = switch (c.format()) {
                    case AUTO -> LlmFormat.forModel(c.model());
                    case CHATGEN -> LlmFormat.CHATGEN;
                    case INSTRUCT -> LlmFormat.INSTRUCT;
                };
                // The published ChatGen models (InternVL2 fine-tunes) read pictures; another model only when llm.vision says so.
                boolean vision = format == LlmFormat.CHATGEN || c.vision();
                LlmOutcomes outcomes = new LlmOutcomes("stage 1", "the embedded writer", endpoint);
                writer = new LlmPromptWriter(client, format, vision, writer, demos, settings.maxInputChars(), outcomes);
                writing = Optional.of(outcomes);
                LOG.info("stage 1 (prompt writing): {} in the {} input format, {}; the embedded writer stands in on any failure",
                        endpoint.describe(), format == LlmFormat.CHATGEN ? "ChatGen" : "instruct (JSON)",
                        vision ? "pictures sent" : "text only");
            }
            if (c.argsConfigurator() == StageBackend.LLM) {
                LlmOutcomes outcomes = new LlmOutcomes("stage 3", "the embedded configurer", endpoint);
                configurer = new LlmArgConfigurer(client, configurer, demos, settings.argNeighbours(), outcomes);
                configuring = Optional.of(outcomes);
                LOG.info("stage 3 (arguments): {} with {} demonstrations as examples; the embedded configurer stands in on any failure",
                        endpoint.describe(), settings.argNeighbours());
            }
            stages = new EngineStages(writing, configuring);
        }
        return new Engine(catalog, reader, features,
                new AttachmentReader(catalog, new ImageInspector(settings.maxImageBytes(), settings.maxImagePixels())),
                new ModelTokenSelector(catalog, learned.tokens(), lexicon, centroids, settings.topK()),
                writer, configurer, stages);
    }
}
