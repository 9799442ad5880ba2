package dev.chatgen.engine.llm;

import dev.chatgen.chat.Attachment;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Attached pictures as image parts, typed by their first bytes (a file name says nothing reliable). */
final class Pictures {
    private Pictures() {
    }

    static List<ChatMessage.Image> of(List<Attachment> attachments) {
        List<ChatMessage.Image> images = new ArrayList<>();
        for (Attachment a : attachments) {
            mediaType(a.bytes()).ifPresent(type -> images.add(new ChatMessage.Image(type, a.bytes())));
        }
        return images;
    }

    static Optional<String> mediaType(byte[] b) {
        if (starts(b, 0x89, 'P', 'N', 'G')) {
            return Optional.of("image/png");
        }
        if (starts(b, 0xFF, 0xD8, 0xFF)) {
            return Optional.of("image/jpeg");
        }
        if (starts(b, 'G', 'I', 'F', '8')) {
            return Optional.of("image/gif");
        }
        if (starts(b, 'R', 'I', 'F', 'F') && b.length >= 12 && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return Optional.of("image/webp");
        }
        if (starts(b, 'B', 'M')) {
            return Optional.of("image/bmp");
        }
        return Optional.empty();
    }

    private static boolean starts(byte[] b, int... magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
