package dev.chatgen.engine.llm;

/**
 * Why the LLM gave no usable answer, in words a person can act on ("the LLM at http://... timed out
 * after 20 s"). The kind says what went wrong; every kind leads to the embedded stage standing in.
 */
public final class LlmException extends Exception {
    public enum Kind {
        /** No answer within llm.timeout. */
        TIMEOUT,
        /** HTTP 429, and any Retry-After was longer than the time left. */
        RATE_LIMITED,
        /** HTTP 5xx (or another status that is neither success nor the client's fault). */
        SERVER,
        /** HTTP 4xx other than 429: wrong model name, bad key, a request the server will not take. */
        REFUSED,
        /** Not a chat completion: not JSON, no choices, empty content, or content not in the asked format. */
        MALFORMED,
        /** Well-formed, but values that cannot be used (an unknown sampler, 999 steps). */
        INVALID,
        /** No connection: nothing listening, unknown host, connection dropped. */
        UNREACHABLE
    }

    private final Kind kind;

    public LlmException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public LlmException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
