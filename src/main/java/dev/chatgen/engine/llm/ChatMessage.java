package dev.chatgen.engine.llm;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One message of a chat completion. Content is text parts and, in user messages, pictures, sent
 * as OpenAI's {@code image_url} parts with a data URI (the form vLLM, Ollama and llama.cpp all take).
 */
public record ChatMessage(Role role, List<Part> parts) {
    public enum Role {
        SYSTEM, USER, ASSISTANT;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public sealed interface Part permits Text, Image {
    }

    public record Text(String text) implements Part {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** @param mediaType e.g. "image/png" */
    public record Image(String mediaType, byte[] bytes) implements Part {
        public Image {
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(bytes, "bytes");
        }

        public String dataUri() {
            return "data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(bytes);
        }
    }

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        parts = List.copyOf(parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a message needs content");
        }
        if (role != Role.USER && parts.stream().anyMatch(p -> p instanceof Image)) {
            throw new IllegalArgumentException("only user messages carry pictures");
        }
    }

    public static ChatMessage system(String text) {
        return new ChatMessage(Role.SYSTEM, List.of(new Text(text)));
    }

    public static ChatMessage user(String text) {
        return new ChatMessage(Role.USER, List.of(new Text(text)));
    }

    public static ChatMessage assistant(String text) {
        return new ChatMessage(Role.ASSISTANT, List.of(new Text(text)));
    }

    /** Plain text content goes as a string, the form every server accepts; pictures need the array form. */
    public boolean isPlainText() {
        return parts.size() == 1 && parts.get(0) instanceof Text;
    }
}
