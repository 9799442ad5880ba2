package dev.chatgen.chat;

/** A request is planned from; a command (/reset, /cancel) is stored but never becomes history. */
public enum TurnKind {
    REQUEST, COMMAND
}
