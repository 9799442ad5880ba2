package dev.chatgen.render.comfy;

import dev.chatgen.chat.Attachment;

import java.util.Locale;
import java.util.Map;

/** The picture format of an attachment, from its first bytes (its file name as a fallback), for the upload. */
final class ImageKind {
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "png", "image/png", "jpg", "image/jpeg", "webp", "image/webp", "gif", "image/gif", "bmp", "image/bmp");

    private ImageKind() {
    }

    static String extensionOf(Attachment picture) {
        byte[] b = picture.bytes();
        if (starts(b, 0, 0x89, 'P', 'N', 'G')) {
            return "png";
        }
        if (starts(b, 0, 0xFF, 0xD8, 0xFF)) {
            return "jpg";
        }
        if (starts(b, 0, 'R', 'I', 'F', 'F') && starts(b, 8, 'W', 'E', 'B', 'P')) {
            return "webp";
        }
        if (starts(b, 0, 'G', 'I', 'F', '8')) {
            return "gif";
        }
        if (starts(b, 0, 'B', 'M')) {
            return "bmp";
        }
        String name = picture.fileName().toLowerCase(Locale.ROOT);
        String extension = name.substring(name.lastIndexOf('.') + 1).replace("jpeg", "jpg");
        return CONTENT_TYPES.containsKey(extension) ? extension : "png";
    }

    static String contentTypeOf(String extension) {
        return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
    }

    private static boolean starts(byte[] bytes, int offset, int... expected) {
        if (bytes.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((bytes[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
