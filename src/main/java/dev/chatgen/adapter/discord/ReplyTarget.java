package dev.chatgen.adapter.discord;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a job's reply goes on Discord, stored with the job as text: the channel, the message it
 * answers (a mention, a DM), and for /imagine the interaction's token, which lets the reply replace
 * the "thinking" message for 15 minutes.
 */
record ReplyTarget(long channelId, Optional<Long> replyTo, Optional<String> interactionToken, Instant at) {
    /** Discord honours an interaction token for 15 minutes; leave a margin for the upload. */
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(14);

    static ReplyTarget ofMessage(long channelId, long messageId, Instant at) {
        return new ReplyTarget(channelId, Optional.of(messageId), Optional.empty(), at);
    }

    static ReplyTarget ofInteraction(long channelId, String token, Instant at) {
        return new ReplyTarget(channelId, Optional.empty(), Optional.of(token), at);
    }

    boolean interactionUsable(Instant now) {
        return interactionToken.isPresent() && now.isBefore(at.plus(TOKEN_LIFETIME));
    }

    String encode() {
        return "discord:" + channelId + ":" + replyTo.map(String::valueOf).orElse("") + ":" + at.getEpochSecond() + ":"
                + interactionToken.orElse("");
    }

    static ReplyTarget decode(String text) {
        String[] p = text.split(":", 5);
        if (p.length != 5 || !p[0].equals("discord")) {
            throw new IllegalArgumentException("not a Discord reply target: " + text);
        }
        return new ReplyTarget(Long.parseLong(p[1]), p[2].isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(p[2])),
                p[4].isEmpty() ? Optional.empty() : Optional.of(p[4]), Instant.ofEpochSecond(Long.parseLong(p[3])));
    }
}
