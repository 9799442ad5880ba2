package dev.chatgen.engine;

import dev.chatgen.chat.Attachment;

import java.util.List;

/**
 * What the engine plans from: the conversation's user turns, oldest first (the last one is the
 * request, the earlier ones refine or set it up), the files attached to the request, and which
 * models this place allows.
 */
public record PlanRequest(List<String> turns, List<Attachment> attachments, ModelMask mask) {
    public PlanRequest {
        turns = List.copyOf(turns);
        attachments = List.copyOf(attachments);
        if (turns.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one turn");
        }
    }

    public static PlanRequest of(String text) {
        return new PlanRequest(List.of(text), List.of(), ModelMask.safeForWork());
    }

    public String request() {
        return turns.get(turns.size() - 1);
    }
}
