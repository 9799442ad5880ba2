package dev.chatgen.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A human-written example for one model: what someone asked for ({@code input}, with earlier
 * {@code turns} when it was a conversation) and the prompt and arguments an expert used.
 */
public record Demonstration(
        String demoId,
        String model,
        String prompt,
        String negativePrompt,
        GenArgs args,
        String input,
        String role,
        List<String> turns) {

    public Demonstration {
        Objects.requireNonNull(demoId, "demo_id");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(input, "input");
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
        role = role == null ? "" : role;
        turns = turns == null || turns.isEmpty() ? List.of(input) : List.copyOf(turns);
    }
}
