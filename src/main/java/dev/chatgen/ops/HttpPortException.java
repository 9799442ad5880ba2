package dev.chatgen.ops;

/** /healthz and /metrics cannot be served on the configured port: something the operator fixes. */
public final class HttpPortException extends RuntimeException {
    HttpPortException(String message, Throwable cause) {
        super(message, cause);
    }
}
