package dev.chatgen.app;

import dev.chatgen.engine.EngineStages;
import dev.chatgen.engine.llm.LlmEndpoint;
import dev.chatgen.engine.llm.LlmOutcomes;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bench table's system name says which stages an LLM ran. */
class BenchStagesTest {
    private static final LlmEndpoint ENDPOINT = new LlmEndpoint(URI.create("http://127.0.0.1:8000/v1"), "m", "", Duration.ofSeconds(20));
    private static final Optional<LlmOutcomes> LLM = Optional.of(new LlmOutcomes("stage 1", "the embedded writer", ENDPOINT));

    @Test
    void systemName_allEmbeddedIsChatGenEvo() {
        assertEquals("chatgen-evo", BenchCommand.systemName(EngineStages.embedded()));
    }

    @Test
    void systemName_namesTheLlmStages() {
        assertEquals("evo+llm:1,3", BenchCommand.systemName(new EngineStages(LLM, LLM)));
        assertEquals("evo+llm:1", BenchCommand.systemName(new EngineStages(LLM, Optional.empty())));
        assertEquals("evo+llm:3", BenchCommand.systemName(new EngineStages(Optional.empty(), LLM)));
    }
}
