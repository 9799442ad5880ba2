package dev.chatgen.render;

/** The backend cannot be reached (down, restarting, network): not the job's fault. */
public final class BackendUnavailableException extends RuntimeException {
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
