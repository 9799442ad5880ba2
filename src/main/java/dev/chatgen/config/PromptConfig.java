package dev.chatgen.config;

/** @param maxInputChars longer requests are cut, with a note in the trace */
public record PromptConfig(int maxInputChars) {
    public PromptConfig {
        Keys.ENGINE_PROMPT_MAX_INPUT_CHARS.require(maxInputChars);
    }
}
