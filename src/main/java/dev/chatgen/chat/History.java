package dev.chatgen.chat;

import java.util.List;
import java.util.Optional;

/**
 * What a request is planned from: the conversation's texts within the window, oldest first and
 * ending with the request; the request's attachments; and the job whose plan the request
 * continues (the image replied to, or the conversation's latest), if any.
 */
public record History(List<String> turns, List<Attachment> attachments, Optional<Long> continuesJob) {
    public History {
        turns = List.copyOf(turns);
        attachments = List.copyOf(attachments);
        if (turns.isEmpty()) {
            throw new IllegalArgumentException("a history ends with its request");
        }
    }
}
