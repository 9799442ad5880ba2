package dev.chatgen.config;

import java.nio.file.Path;

/** Training of the model tokens. */
public record ModelTokensConfig(int epochs, double learningRate, double anchor, Path cacheDir, int seed) {
    public ModelTokensConfig {
        Keys.ENGINE_MODEL_TOKENS_EPOCHS.require(epochs);
        Keys.ENGINE_MODEL_TOKENS_LEARNING_RATE.require(learningRate);
        Keys.ENGINE_MODEL_TOKENS_ANCHOR.require(anchor);
        Keys.ENGINE_MODEL_TOKENS_CACHE_DIR.require(cacheDir);
        Keys.ENGINE_MODEL_TOKENS_SEED.require(seed);
    }
}
