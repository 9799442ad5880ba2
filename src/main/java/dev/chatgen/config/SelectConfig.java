package dev.chatgen.config;

/** @param topK candidate models kept in the trace */
public record SelectConfig(int topK) {
    public SelectConfig {
        Keys.ENGINE_SELECT_TOP_K.require(topK);
    }
}
