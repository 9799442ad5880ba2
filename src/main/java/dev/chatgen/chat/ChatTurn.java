package dev.chatgen.chat;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One chat message as an adapter hands it in.
 *
 * @param platformMessageId the platform's id of the message, so a message delivered twice is stored once
 * @param replyToMessageId  the platform's id of the message this one replies to (one of the bot's images continues its conversation)
 * @param replyTarget       where the reply goes, in the adapter's own terms (channel and thread ids); opaque to everyone else
 * @param standing          whether the author moderates here and whether the place allows NSFW models
 */
public record ChatTurn(ConversationKey key, String text, List<Attachment> attachments,
                       Optional<String> platformMessageId, Optional<String> replyToMessageId, String replyTarget, Standing standing) {
    public ChatTurn {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(text, "text");
        attachments = List.copyOf(attachments);
        Objects.requireNonNull(platformMessageId, "platformMessageId");
        Objects.requireNonNull(replyToMessageId, "replyToMessageId");
        Objects.requireNonNull(replyTarget, "replyTarget");
        Objects.requireNonNull(standing, "standing");
    }

    /** An ordinary person in an ordinary place. */
    public ChatTurn(ConversationKey key, String text, List<Attachment> attachments,
                    Optional<String> platformMessageId, Optional<String> replyToMessageId, String replyTarget) {
        this(key, text, attachments, platformMessageId, replyToMessageId, replyTarget, Standing.ORDINARY);
    }

    public static ChatTurn of(ConversationKey key, String text, List<Attachment> attachments, String replyTarget) {
        return new ChatTurn(key, text, attachments, Optional.empty(), Optional.empty(), replyTarget);
    }
}
