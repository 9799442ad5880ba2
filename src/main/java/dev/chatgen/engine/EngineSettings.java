package dev.chatgen.engine;

import dev.chatgen.engine.select.ModelTokenLearning;

import java.nio.file.Path;

/** The engine's tunables, from config (see bot-config/chatgen.yaml, keys under engine.*). */
public record EngineSettings(
        int maxInputChars,
        int topK,
        int argNeighbours,
        long maxImageBytes,
        long maxImagePixels,
        Path modelTokenDir,
        ModelTokenLearning.Settings training) {

    public static EngineSettings defaults(Path modelTokenDir) {
        return new EngineSettings(4000, 3, 5, 20L << 20, 40_000_000L, modelTokenDir, ModelTokenLearning.Settings.defaults());
    }
}
