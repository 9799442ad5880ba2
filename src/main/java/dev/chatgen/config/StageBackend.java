package dev.chatgen.config;

/** Who runs a stage: the embedded engine (offline, the default) or an OpenAI-compatible LLM server. */
public enum StageBackend {
    EMBEDDED, LLM
}
