package dev.chatgen.render.png;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Splits a PNG into its chunks, checking the signature, every length against the bytes actually present,
 * every CRC, and that the file starts with IHDR and reaches IEND. Bytes after IEND are ignored, as decoders do.
 */
final class PngChunkReader {

    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngChunkReader() {
    }

    static boolean hasSignature(byte[] bytes) {
        return bytes.length >= SIGNATURE.length && Arrays.equals(bytes, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length);
    }

    static List<PngChunk> read(byte[] png) throws ImageReadException {
        if (!hasSignature(png)) {
            throw new ImageReadException("the attached file is not a PNG image (missing PNG signature)");
        }
        List<PngChunk> chunks = new ArrayList<>();
        int pos = SIGNATURE.length;
        while (true) {
            if (png.length - pos < 8) {
                throw invalid(chunks.isEmpty() ? "file ends before the IHDR chunk"
                        : "file ends at byte " + png.length + " without an IEND chunk");
            }
            long length = readInt(png, pos) & 0xffffffffL;
            String type = new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (!type.chars().allMatch(PngChunk::isAsciiLetter)) {
                throw invalid("unreadable chunk type at byte " + pos);
            }
            // long arithmetic so a length near 2^32 cannot wrap around and pass the check
            if (pos + 12L + length > png.length) {
                throw invalid("chunk " + type + " truncated at byte " + png.length);
            }
            int dataStart = pos + 8;
            int dataEnd = dataStart + (int) length;
            CRC32 crc = new CRC32();
            crc.update(png, pos + 4, 4 + (int) length);
            if ((int) crc.getValue() != readInt(png, dataEnd)) {
                throw invalid("chunk " + type + " at byte " + pos + " has a bad checksum");
            }
            if (chunks.isEmpty() && !type.equals("IHDR")) {
                throw invalid("first chunk is " + type + ", not IHDR");
            }
            chunks.add(new PngChunk(type, Arrays.copyOfRange(png, dataStart, dataEnd), pos));
            pos = dataEnd + 4;
            if (type.equals("IEND")) {
                return List.copyOf(chunks);
            }
        }
    }

    private static ImageReadException invalid(String detail) {
        return new ImageReadException("the attached file is not a valid PNG (" + detail + ")");
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}
