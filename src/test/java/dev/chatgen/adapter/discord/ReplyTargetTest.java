package dev.chatgen.adapter.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplyTargetTest {
    private static final Instant T = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void encodesAndDecodes_messageAndInteractionTargets() {
        ReplyTarget message = ReplyTarget.ofMessage(111, 222, T);
        ReplyTarget interaction = ReplyTarget.ofInteraction(111, "aW50ZXJhY3Rpb246dG9rZW4:with-colons:too", T);

        assertEquals(message, ReplyTarget.decode(message.encode()));
        assertEquals(interaction, ReplyTarget.decode(interaction.encode()));
        assertThrows(IllegalArgumentException.class, () -> ReplyTarget.decode("slack:C1:123"));
    }

    @Test
    void anInteractionToken_isUsedOnlyWhileDiscordStillHonoursIt() {
        ReplyTarget interaction = ReplyTarget.ofInteraction(1, "token", T);
        assertTrue(interaction.interactionUsable(T.plus(Duration.ofMinutes(13))));
        assertFalse(interaction.interactionUsable(T.plus(Duration.ofMinutes(15))));
        assertFalse(ReplyTarget.ofMessage(1, 2, T).interactionUsable(T));
    }
}
