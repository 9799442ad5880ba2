package dev.chatgen.render;

/** The backend took the job and failed it; the message is written for the person who asked. */
public final class RenderFailedException extends RuntimeException {
    public RenderFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
