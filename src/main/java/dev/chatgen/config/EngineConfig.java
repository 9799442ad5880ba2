package dev.chatgen.config;

import java.util.Objects;

public record EngineConfig(EncoderConfig encoder, ModelTokensConfig modelTokens, SelectConfig select,
        ArgsConfig args, PromptConfig prompt, ImagesConfig images) {
    public EngineConfig {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(modelTokens, "modelTokens");
        Objects.requireNonNull(select, "select");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(images, "images");
    }
}
