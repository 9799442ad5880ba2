package dev.chatgen.engine;

import dev.chatgen.catalog.GenArgs;

import java.util.Objects;

/**
 * The bot's own earlier plan in this conversation (the image being refined). "Make it darker"
 * keeps its model and arguments unless the new words say otherwise.
 */
public record PriorPlan(String prompt, String modelId, GenArgs args) {
    public PriorPlan {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(args, "args");
    }

    public static PriorPlan of(GenerationPlan plan) {
        return new PriorPlan(plan.prompt(), plan.model().id(), plan.args());
    }
}
