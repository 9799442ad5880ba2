package dev.chatgen.config;

/** @param cacheSize how many text embeddings the cache keeps */
public record EncoderConfig(int cacheSize) {
    public EncoderConfig {
        Keys.ENGINE_ENCODER_CACHE_SIZE.require(cacheSize);
    }
}
