package dev.chatgen.render;

import dev.chatgen.chat.Attachment;
import dev.chatgen.engine.GenerationPlan;

import java.util.Objects;
import java.util.Optional;

/**
 * One render: the plan, the seed (the same on every try of a job), the picture the person
 * attached, if any, as the starting image (img2img) where the backend supports it, and the
 * person's own words (the recipe card shows them; GPU backends render the plan's prompt).
 */
public record RenderRequest(GenerationPlan plan, long seed, Optional<Attachment> reference, String requestText) {
    public RenderRequest {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(requestText, "requestText");
    }

    public RenderRequest(GenerationPlan plan, long seed, Optional<Attachment> reference) {
        this(plan, seed, reference, "");
    }

    public static RenderRequest of(GenerationPlan plan, long seed) {
        return new RenderRequest(plan, seed, Optional.empty());
    }
}
