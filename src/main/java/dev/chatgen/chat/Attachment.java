package dev.chatgen.chat;

import java.util.Objects;

/** A file someone attached to a chat message, as the engine receives it. */
public record Attachment(String fileName, byte[] bytes) {
    public Attachment {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(bytes, "bytes");
    }
}
