package dev.chatgen.render.png;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * One raw PNG chunk: its four-letter type, its data, and the byte offset it was read from (-1 when built).
 * The data array is not copied: chunks stay inside this package and are never modified after creation.
 */
record PngChunk(String type, byte[] data, int offset) {

    PngChunk {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (type.length() != 4 || !type.chars().allMatch(PngChunk::isAsciiLetter)) {
            throw new IllegalArgumentException("chunk type must be four ASCII letters: " + type);
        }
    }

    PngChunk(String type, byte[] data) {
        this(type, data, -1);
    }

    /** Writes length, type, data and the CRC32 over type + data, as the PNG spec requires. */
    void writeTo(ByteArrayOutputStream out) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        writeInt(out, data.length);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        writeInt(out, (int) crc.getValue());
    }

    static boolean isAsciiLetter(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
