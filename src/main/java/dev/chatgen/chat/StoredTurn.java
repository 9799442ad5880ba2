package dev.chatgen.chat;

import java.time.Instant;

/**
 * A turn as committed: its id, the conversation it joined, and whether the platform had
 * delivered it before (then nothing new was stored and nothing new should happen).
 */
public record StoredTurn(long id, long conversationId, Instant at, boolean duplicate) {
}
