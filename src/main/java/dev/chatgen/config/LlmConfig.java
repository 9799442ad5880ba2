package dev.chatgen.config;

import java.net.URI;
import java.time.Duration;

/**
 * The OpenAI-compatible chat-completions server for the LLM-backed stages (vLLM, LMDeploy, SGLang,
 * Ollama, llama.cpp server), and which stages use it.
 *
 * @param url    the server's /v1 base, e.g. http://127.0.0.1:8000/v1
 * @param apiKey sent as a Bearer token; empty for none
 */
public record LlmConfig(StageBackend promptWriter, StageBackend argsConfigurator, URI url, String model, String apiKey, Duration timeout,
                        LlmInputFormat format, boolean vision) {
    public LlmConfig {
        Keys.ENGINE_PROMPT_WRITER.require(promptWriter);
        Keys.ENGINE_ARGS_CONFIGURATOR.require(argsConfigurator);
        Keys.LLM_URL.require(url);
        Keys.LLM_MODEL.require(model);
        Keys.LLM_API_KEY.require(apiKey);
        Keys.LLM_TIMEOUT.require(timeout);
        Keys.LLM_FORMAT.require(format);
        if (timeout.isZero()) {
            throw new ConfigException(java.util.List.of("llm.timeout must be longer than 0"));
        }
    }

    /** Whether any stage asks the LLM server. */
    public boolean used() {
        return promptWriter == StageBackend.LLM || argsConfigurator == StageBackend.LLM;
    }
}
