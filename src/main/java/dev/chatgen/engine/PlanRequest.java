package dev.chatgen.engine;

import dev.chatgen.chat.Attachment;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine plans from: the conversation's user turns, oldest first (the last one is the
 * request, the earlier ones refine or set it up), the files attached to the request, and which
 * models this place allows, and the bot's own latest plan in the conversation, which the request
 * may be refining.
 */
public record PlanRequest(List<String> turns, List<Attachment> attachments, ModelMask mask, Optional<PriorPlan> previous) {
    public PlanRequest {
        turns = List.copyOf(turns);
        attachments = List.copyOf(attachments);
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(previous, "previous");
        if (turns.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one turn");
        }
    }

    public PlanRequest(List<String> turns, List<Attachment> attachments, ModelMask mask) {
        this(turns, attachments, mask, Optional.empty());
    }

    public static PlanRequest of(String text) {
        return new PlanRequest(List.of(text), List.of(), ModelMask.safeForWork());
    }

    public String request() {
        return turns.get(turns.size() - 1);
    }
}
