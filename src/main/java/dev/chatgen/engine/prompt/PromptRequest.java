package dev.chatgen.engine.prompt;

import dev.chatgen.catalog.T2IModel;
import dev.chatgen.chat.Attachment;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What stage 1 writes from: the request as the reader understood it, the turns as the person
 * wrote them (oldest first, the last is the request) and the pictures attached to it that could be
 * read, the prompt of the picture being refined if any, the model that will render, and the
 * request's encoder state (for finding that model's nearest demonstrations). The embedded writer
 * needs only the reader's view; an LLM reads the conversation itself.
 */
public record PromptRequest(ReadRequest read, List<String> turns, List<Attachment> pictures, Optional<String> previousPrompt,
                            T2IModel model, float[] features) {
    public PromptRequest {
        Objects.requireNonNull(read, "read");
        turns = List.copyOf(turns);
        pictures = List.copyOf(pictures);
        Objects.requireNonNull(previousPrompt, "previousPrompt");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(features, "features");
        if (turns.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one turn");
        }
    }
}
