package dev.chatgen.config;

import java.time.Duration;

/** Which earlier messages of a conversation count as context for a new request. */
public record ChatConfig(Duration historyWindow, int historyTurns) {
    public ChatConfig {
        Keys.CHAT_HISTORY_WINDOW.require(historyWindow);
        Keys.CHAT_HISTORY_TURNS.require(historyTurns);
    }
}
