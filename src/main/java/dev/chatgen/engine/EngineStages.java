package dev.chatgen.engine;

import dev.chatgen.engine.llm.LlmOutcomes;

import java.util.Objects;
import java.util.Optional;

/**
 * Which backend runs each configurable stage: empty is the embedded one, present is an LLM
 * (with the embedded stage standing in on failure) and how it has fared. Stage 2 is always embedded.
 */
public record EngineStages(Optional<LlmOutcomes> promptWriter, Optional<LlmOutcomes> argConfigurer) {
    public EngineStages {
        Objects.requireNonNull(promptWriter, "promptWriter");
        Objects.requireNonNull(argConfigurer, "argConfigurer");
    }

    public static EngineStages embedded() {
        return new EngineStages(Optional.empty(), Optional.empty());
    }

    public boolean usesLlm() {
        return promptWriter.isPresent() || argConfigurer.isPresent();
    }
}
