package dev.chatgen.config;

/** How stage 1 talks to the LLM: by the served model's name (auto), ChatGen's own format, or strict JSON for any instruct model. */
public enum LlmInputFormat {
    AUTO, CHATGEN, INSTRUCT
}
