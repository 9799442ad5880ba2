package dev.chatgen.catalog;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One community model, as a catalog line describes it (DESIGN.md's model format). */
public record T2IModel(
        String id,
        String name,
        String version,
        ModelType type,
        BaseModel base,
        String description,
        List<String> tags,
        List<String> triggerWords,
        Double loraWeight,
        String baseCheckpoint,
        boolean nsfw) {

    public T2IModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(base, "base");
        version = version == null ? "" : version;
        description = description == null ? "" : description;
        tags = List.copyOf(tags);
        triggerWords = List.copyOf(triggerWords);
        if (type == ModelType.LORA && baseCheckpoint == null) {
            throw new IllegalArgumentException("a LoRA needs a base_checkpoint");
        }
        if (type == ModelType.CHECKPOINT && baseCheckpoint != null) {
            throw new IllegalArgumentException("a checkpoint has no base_checkpoint");
        }
    }

    public boolean isLora() {
        return type == ModelType.LORA;
    }

    public Optional<String> baseCheckpointId() {
        return Optional.ofNullable(baseCheckpoint);
    }

    /** The weight a LoRA tag uses when the model names none: A1111's own default. */
    public double effectiveLoraWeight() {
        return loraWeight == null ? 1.0 : loraWeight;
    }

    /** The tag that switches this LoRA on in an A1111 prompt. */
    public String loraTag() {
        if (!isLora()) {
            throw new IllegalStateException(id + " is not a LoRA");
        }
        return "<lora:" + id + ":" + GenArgs.plainNumber(effectiveLoraWeight()) + ">";
    }

    /** Text the selector reads about the model before it has seen any demonstration. */
    public String profileText() {
        return name + ". " + String.join(", ", tags) + ". " + description;
    }
}
