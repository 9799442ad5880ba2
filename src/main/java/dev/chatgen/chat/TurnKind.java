package dev.chatgen.chat;

/**
 * A request is planned from; context (a message in a channel the bot listens to, that did not ask
 * for a picture) is history for later requests; a command (/reset, /cancel) never becomes history.
 */
public enum TurnKind {
    REQUEST, CONTEXT, COMMAND
}
