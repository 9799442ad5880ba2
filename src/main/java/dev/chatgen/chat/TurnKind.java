package dev.chatgen.chat;

/**
 * A request is planned from; context (a message in a channel the bot listens to, that did not ask
 * for a picture) is history for later requests; a command (/reset, /cancel) never becomes history,
 * nor does a request a safety rule blocked (kept, as every message is, but never planned from).
 */
public enum TurnKind {
    REQUEST, CONTEXT, COMMAND, BLOCKED
}
