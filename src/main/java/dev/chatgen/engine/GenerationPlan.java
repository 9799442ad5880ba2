package dev.chatgen.engine;

import dev.chatgen.catalog.GenArgs;
import dev.chatgen.catalog.T2IModel;

import java.util.List;
import java.util.Objects;

/**
 * Everything a backend needs to render: the written prompt (LoRA tags and trigger words already in
 * it), the model chosen and, for a LoRA, the checkpoint it runs on, and the arguments.
 */
public record GenerationPlan(
        String prompt,
        String negativePrompt,
        T2IModel model,
        T2IModel checkpoint,
        List<T2IModel> loras,
        GenArgs args) {

    public GenerationPlan {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(negativePrompt, "negativePrompt");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(args, "args");
        loras = List.copyOf(loras);
        if (checkpoint.isLora()) {
            throw new IllegalArgumentException("checkpoint " + checkpoint.id() + " is a LoRA");
        }
    }
}
