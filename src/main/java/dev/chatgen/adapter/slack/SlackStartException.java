package dev.chatgen.adapter.slack;

/** Slack could not be connected at start-up for a reason the operator can fix (a token, a port). */
public final class SlackStartException extends RuntimeException {
    public SlackStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
