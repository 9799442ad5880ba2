package dev.chatgen.render.png;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Test images made with the JDK's own encoders (ImageIO), so the code under test is checked against an
 * independent PNG writer, plus a raw chunk builder for files no encoder would produce (corrupt, oversized).
 */
public final class PngFixtures {

    static final String PNG_FORMAT = "javax_imageio_png_1.0";

    private PngFixtures() {
    }

    static BufferedImage solid(int width, int height, Color colour) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    /** Left half {@code left}, right half {@code right}. */
    static BufferedImage halves(int width, int height, Color left, Color right) {
        BufferedImage image = solid(width, height, left);
        Graphics2D g = image.createGraphics();
        g.setColor(right);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        return image;
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    /** A PNG written by ImageIO carrying the given native-metadata text chunks (see the tEXt/zTXt/iTXt helpers). */
    public static byte[] pngWithTextChunks(BufferedImage image, IIOMetadataNode... chunks) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try {
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), null);
            IIOMetadataNode root = new IIOMetadataNode(PNG_FORMAT);
            for (IIOMetadataNode chunk : chunks) {
                root.appendChild(chunk);
            }
            metadata.mergeTree(PNG_FORMAT, root);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(stream);
                writer.write(new IIOImage(image, null, metadata));
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    public static IIOMetadataNode tEXt(String keyword, String text) {
        return chunkNode("tEXt", Map.of("keyword", keyword, "value", text));
    }

    static IIOMetadataNode zTXt(String keyword, String text) {
        return chunkNode("zTXt", Map.of("keyword", keyword, "compressionMethod", "deflate", "text", text));
    }

    static IIOMetadataNode iTXt(String keyword, String text, boolean compressed, String languageTag, String translatedKeyword) {
        return chunkNode("iTXt", Map.of("keyword", keyword, "compressionFlag", compressed ? "TRUE" : "FALSE",
                "compressionMethod", "0", "languageTag", languageTag, "translatedKeyword", translatedKeyword, "text", text));
    }

    private static IIOMetadataNode chunkNode(String type, Map<String, String> attributes) {
        IIOMetadataNode entry = new IIOMetadataNode(type + "Entry");
        attributes.forEach(entry::setAttribute);
        IIOMetadataNode chunk = new IIOMetadataNode(type);
        chunk.appendChild(entry);
        return chunk;
    }

    static byte[] resource(String name) {
        try (InputStream in = PngFixtures.class.getResourceAsStream("/png/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- raw chunk level, independent of the code under test ----

    /** Signature followed by the given already-built chunks. */
    static byte[] rawPng(byte[]... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        for (byte[] chunk : chunks) {
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    /** One chunk with a correct CRC. */
    static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length)
                .putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue()).array();
    }

    static byte[] ihdr(int width, int height) {
        // bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace
        return chunk("IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put(new byte[] {8, 2, 0, 0, 0}).array());
    }

    static byte[] iend() {
        return chunk("IEND", new byte[0]);
    }

    record RawChunk(String type, int offset, int length, boolean crcOk) {
    }

    /** Lists the chunks of a well-formed PNG, checking each CRC independently of PngChunkReader. */
    static List<RawChunk> chunksOf(byte[] png) {
        List<RawChunk> chunks = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(png);
        int pos = 8;
        while (pos < png.length) {
            int length = buffer.getInt(pos);
            String type = new String(png, pos + 4, 4, StandardCharsets.US_ASCII);
            CRC32 crc = new CRC32();
            crc.update(png, pos + 4, 4 + length);
            chunks.add(new RawChunk(type, pos, length, (int) crc.getValue() == buffer.getInt(pos + 8 + length)));
            pos += 12 + length;
        }
        return chunks;
    }

    static RawChunk first(byte[] png, String type) {
        return chunksOf(png).stream().filter(c -> c.type().equals(type)).findFirst().orElseThrow();
    }
}
