package dev.chatgen.render.png;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Decodes the three PNG text chunk types (tEXt, zTXt, iTXt) and encodes tEXt / uncompressed iTXt. */
final class TextChunks {

    /** A decoded text chunk. */
    record Entry(String keyword, String text) {
        Entry {
            Objects.requireNonNull(keyword, "keyword");
            Objects.requireNonNull(text, "text");
        }
    }

    private static final Set<String> TYPES = Set.of("tEXt", "zTXt", "iTXt");
    private static final int MAX_KEYWORD_LENGTH = 79;
    // Text chunks are metadata: a few MB is generous, and the cap stops a deflate bomb hidden in zTXt/iTXt.
    private static final int MAX_INFLATED_BYTES = 8 << 20;

    private TextChunks() {
    }

    static boolean isText(PngChunk chunk) {
        return TYPES.contains(chunk.type());
    }

    /** The keyword, which all three types store first as Latin-1 up to a NUL; readable even if the text is damaged. */
    static String keywordOf(PngChunk chunk) {
        int end = indexOfNul(chunk.data(), 0);
        return new String(chunk.data(), 0, end < 0 ? chunk.data().length : end, StandardCharsets.ISO_8859_1);
    }

    static Entry decode(PngChunk chunk) throws ImageReadException {
        byte[] d = chunk.data();
        int keywordEnd = indexOfNul(d, 0);
        if (keywordEnd < 1 || keywordEnd > MAX_KEYWORD_LENGTH) {
            throw damaged(chunk, "no valid keyword");
        }
        String keyword = new String(d, 0, keywordEnd, StandardCharsets.ISO_8859_1);
        return switch (chunk.type()) {
            case "tEXt" -> new Entry(keyword, latin1(d, keywordEnd + 1, d.length));
            case "zTXt" -> {
                requireDeflate(chunk, keywordEnd + 1);
                byte[] text = inflate(chunk, keywordEnd + 2);
                yield new Entry(keyword, latin1(text, 0, text.length));
            }
            case "iTXt" -> decodeInternational(chunk, keyword, keywordEnd);
            default -> throw new IllegalArgumentException("not a text chunk: " + chunk.type());
        };
    }

    /** tEXt when the text fits Latin-1 (what every PNG reader understands), otherwise uncompressed UTF-8 iTXt. */
    static PngChunk encode(String keyword, String text) {
        validateKeyword(keyword);
        Objects.requireNonNull(text, "text");
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("PNG text must not contain NUL characters");
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(keyword.getBytes(StandardCharsets.ISO_8859_1));
        data.write(0);
        if (text.chars().allMatch(c -> c <= 0xff)) {
            data.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
            return new PngChunk("tEXt", data.toByteArray());
        }
        // compression flag 0, method 0, empty language tag, empty translated keyword
        data.writeBytes(new byte[] {0, 0, 0, 0});
        data.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        return new PngChunk("iTXt", data.toByteArray());
    }

    private static Entry decodeInternational(PngChunk chunk, String keyword, int keywordEnd) throws ImageReadException {
        byte[] d = chunk.data();
        int flagAt = keywordEnd + 1;
        int languageEnd = d.length < flagAt + 2 ? -1 : indexOfNul(d, flagAt + 2);
        int translatedEnd = languageEnd < 0 ? -1 : indexOfNul(d, languageEnd + 1);
        if (translatedEnd < 0) {
            throw damaged(chunk, "header is incomplete");
        }
        int textStart = translatedEnd + 1;
        return switch (d[flagAt]) {
            case 0 -> new Entry(keyword, new String(d, textStart, d.length - textStart, StandardCharsets.UTF_8));
            case 1 -> {
                requireDeflate(chunk, flagAt + 1);
                yield new Entry(keyword, new String(inflate(chunk, textStart), StandardCharsets.UTF_8));
            }
            default -> throw damaged(chunk, "unknown compression flag " + d[flagAt]);
        };
    }

    private static void requireDeflate(PngChunk chunk, int methodAt) throws ImageReadException {
        if (methodAt >= chunk.data().length || chunk.data()[methodAt] != 0) {
            throw damaged(chunk, "unknown compression method");
        }
    }

    private static byte[] inflate(PngChunk chunk, int from) throws ImageReadException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(chunk.data(), from, chunk.data().length - from);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw damaged(chunk, "compressed text ends early");
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_INFLATED_BYTES) {
                    throw damaged(chunk, "compressed text expands beyond " + (MAX_INFLATED_BYTES >> 20) + " MB");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw damaged(chunk, "compressed text is corrupt", e);
        } finally {
            inflater.end();
        }
    }

    private static void validateKeyword(String keyword) {
        Objects.requireNonNull(keyword, "keyword");
        boolean printableLatin1 = keyword.chars().allMatch(c -> c >= 0x20 && c <= 0x7e || c >= 0xa1 && c <= 0xff);
        if (keyword.isEmpty() || keyword.length() > MAX_KEYWORD_LENGTH || !printableLatin1
                || keyword.startsWith(" ") || keyword.endsWith(" ")) {
            throw new IllegalArgumentException(
                    "PNG keyword must be 1-79 printable Latin-1 characters without leading or trailing spaces: '" + keyword + "'");
        }
    }

    private static ImageReadException damaged(PngChunk chunk, String detail) {
        return damaged(chunk, detail, null);
    }

    private static ImageReadException damaged(PngChunk chunk, String detail, Throwable cause) {
        return new ImageReadException("the attached PNG has a damaged " + chunk.type() + " chunk at byte "
                + chunk.offset() + " (" + detail + ")", cause);
    }

    private static String latin1(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static int indexOfNul(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
