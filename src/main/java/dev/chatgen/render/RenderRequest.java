package dev.chatgen.render;

import dev.chatgen.chat.Attachment;
import dev.chatgen.engine.GenerationPlan;

import java.util.Objects;
import java.util.Optional;

/**
 * One render: the plan, the seed (the same on every try of a job), and the picture the person
 * attached, if any, as the starting image (img2img) where the backend supports it.
 */
public record RenderRequest(GenerationPlan plan, long seed, Optional<Attachment> reference) {
    public RenderRequest {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(reference, "reference");
    }

    public static RenderRequest of(GenerationPlan plan, long seed) {
        return new RenderRequest(plan, seed, Optional.empty());
    }
}
