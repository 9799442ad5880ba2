package dev.chatgen.render.png;

import java.util.Objects;

/** A LoRA applied to a generation: its file name without extension, and its weight (strength). */
public record LoraTag(String name, double weight) {

    public LoraTag {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("LoRA name must not be blank");
        }
        if (!Double.isFinite(weight)) {
            throw new IllegalArgumentException("LoRA weight must be finite: " + weight);
        }
    }
}
