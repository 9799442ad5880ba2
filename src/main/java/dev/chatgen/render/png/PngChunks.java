package dev.chatgen.render.png;

import java.io.ByteArrayOutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads and writes the text metadata (tEXt, zTXt, iTXt chunks) of PNG files, e.g. AUTOMATIC1111's "parameters". */
public final class PngChunks {

    private PngChunks() {
    }

    /**
     * Returns keyword -> text for every text chunk, in file order. When a keyword repeats, the first chunk wins.
     *
     * @throws ImageReadException if the file is not a structurally valid PNG or a text chunk is damaged
     */
    public static Map<String, String> readText(byte[] png) throws ImageReadException {
        Map<String, String> texts = new LinkedHashMap<>();
        for (PngChunk chunk : PngChunkReader.read(png)) {
            if (TextChunks.isText(chunk)) {
                TextChunks.Entry entry = TextChunks.decode(chunk);
                texts.putIfAbsent(entry.keyword(), entry.text());
            }
        }
        return Collections.unmodifiableMap(texts);
    }

    /**
     * Returns a copy of {@code png} with {@code keyword} set to {@code text} in a chunk right after IHDR
     * (tEXt when the text is Latin-1, uncompressed iTXt otherwise). Any text chunk with the same keyword is dropped.
     *
     * @throws IllegalArgumentException if the keyword is not a valid PNG keyword or the text contains NUL
     * @throws ImageReadException if {@code png} is not a structurally valid PNG
     */
    public static byte[] withText(byte[] png, String keyword, String text) throws ImageReadException {
        PngChunk inserted = TextChunks.encode(keyword, text);
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + inserted.data().length + 12);
        out.writeBytes(PngChunkReader.SIGNATURE);
        for (PngChunk chunk : PngChunkReader.read(png)) {
            if (TextChunks.isText(chunk) && TextChunks.keywordOf(chunk).equals(keyword)) {
                continue;
            }
            chunk.writeTo(out);
            if (chunk.type().equals("IHDR")) {
                inserted.writeTo(out);
            }
        }
        return out.toByteArray();
    }
}
