package dev.chatgen.adapter.discord;

/** Discord refused to let the bot in; the message says what to check. */
public final class DiscordLoginException extends RuntimeException {
    public DiscordLoginException(String message, Throwable cause) {
        super(message, cause);
    }
}
