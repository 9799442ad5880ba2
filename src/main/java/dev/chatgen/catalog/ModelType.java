package dev.chatgen.catalog;

import java.util.Optional;

/** A full checkpoint, or a LoRA that is applied on top of one. */
public enum ModelType {
    CHECKPOINT, LORA;

    public String label() {
        return name().toLowerCase();
    }

    public static Optional<ModelType> fromLabel(String label) {
        for (ModelType t : values()) {
            if (t.label().equals(label)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
