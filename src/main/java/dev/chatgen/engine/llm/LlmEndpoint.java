package dev.chatgen.engine.llm;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The OpenAI-compatible server an LLM stage asks: its /v1 base, the model name it serves, the
 * Bearer token (empty for none) and the longest wait for one answer.
 */
public record LlmEndpoint(URI url, String model, String apiKey, Duration timeout) {
    public LlmEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(apiKey, "apiKey");
        if (timeout.isNegative() || timeout.isZero()) {
            // why: config accepts 0s for any duration; an LLM that may never be waited for is a setting error, said at start-up.
            throw new IllegalArgumentException("llm.timeout must be longer than 0, was " + Waits.words(timeout));
        }
    }

    /** "the LLM at http://127.0.0.1:8000/v1", without any user:password the URL carries. */
    public String where() {
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        return "the LLM at " + url.getScheme() + "://" + url.getHost() + port + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    /** "chatgen-evo at http://127.0.0.1:8000/v1": for logs and the bench table. */
    public String describe() {
        return model + " at " + where().substring("the LLM at ".length());
    }

    /** Never the key: records print every field, and this one ends up in logs. */
    @Override
    public String toString() {
        return "LlmEndpoint[" + describe() + ", timeout " + Waits.words(timeout) + (apiKey.isEmpty() ? "" : ", with an API key") + "]";
    }
}
