package dev.chatgen.render.png;

import static dev.chatgen.render.png.PngFixtures.chunk;
import static dev.chatgen.render.png.PngFixtures.chunksOf;
import static dev.chatgen.render.png.PngFixtures.first;
import static dev.chatgen.render.png.PngFixtures.iTXt;
import static dev.chatgen.render.png.PngFixtures.iend;
import static dev.chatgen.render.png.PngFixtures.ihdr;
import static dev.chatgen.render.png.PngFixtures.png;
import static dev.chatgen.render.png.PngFixtures.pngWithTextChunks;
import static dev.chatgen.render.png.PngFixtures.rawPng;
import static dev.chatgen.render.png.PngFixtures.tEXt;
import static dev.chatgen.render.png.PngFixtures.zTXt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;

class PngChunksTest {

    private static final BufferedImage IMAGE = PngFixtures.halves(8, 6, Color.RED, Color.BLUE);

    @Test
    void readText_tEXtChunk_returnsLatin1Text() throws Exception {
        byte[] png = pngWithTextChunks(IMAGE, tEXt("Comment", "café au lait"));

        assertEquals(Map.of("Comment", "café au lait"), PngChunks.readText(png));
    }

    @Test
    void readText_zTXtChunk_inflatesText() throws Exception {
        String text = "long text ".repeat(200);
        byte[] png = pngWithTextChunks(IMAGE, zTXt("Description", text));

        assertEquals("zTXt", chunksOf(png).get(1).type());
        assertEquals(Map.of("Description", text), PngChunks.readText(png));
    }

    @Test
    void readText_compressedITXt_inflatesUtf8Text() throws Exception {
        String text = "桜の木の下で, 猫 🐈 ".repeat(50);
        byte[] png = pngWithTextChunks(IMAGE, iTXt("parameters", text, true, "", ""));

        assertEquals(Map.of("parameters", text), PngChunks.readText(png));
    }

    @Test
    void readText_iTXtWithLanguageTagAndTranslatedKeyword_skipsBothHeaders() throws Exception {
        byte[] png = pngWithTextChunks(IMAGE, iTXt("Title", "Золотая рыбка", false, "ru", "Заголовок"));

        assertEquals(Map.of("Title", "Золотая рыбка"), PngChunks.readText(png));
    }

    @Test
    void readText_realA1111Sample_readsParametersChunk() throws Exception {
        Map<String, String> texts = PngChunks.readText(PngFixtures.resource("absolutereality_v181-05.png"));

        assertEquals(List.of("parameters"), List.copyOf(texts.keySet()));
        assertTrue(texts.get("parameters").endsWith("Model: absolutereality_v181, Version: v1.10.1"));
    }

    @Test
    void readText_pngWithoutTextChunks_returnsEmptyMap() throws Exception {
        assertEquals(Map.of(), PngChunks.readText(PngFixtures.resource("aamXLAnimeMix_v10-07.png")));
    }

    @Test
    void readText_severalChunks_keepsFileOrder() throws Exception {
        IIOMetadataNode texts = tEXt("zeta", "1");
        texts.appendChild(tEXt("alpha", "2").getFirstChild());
        texts.appendChild(tEXt("mid", "3").getFirstChild());
        byte[] png = pngWithTextChunks(IMAGE, texts);

        assertEquals(List.of("zeta", "alpha", "mid"), List.copyOf(PngChunks.readText(png).keySet()));
    }

    @Test
    void readText_badCrc_throwsNamingTheChunk() {
        byte[] png = png(IMAGE);
        png[first(png, "IDAT").offset() + 9] ^= 0x01;

        ImageReadException e = assertThrows(ImageReadException.class, () -> PngChunks.readText(png));
        assertEquals("the attached file is not a valid PNG (chunk IDAT at byte " + first(png, "IDAT").offset()
                + " has a bad checksum)", e.getMessage());
    }

    @Test
    void readText_truncatedFile_throwsWithChunkAndByte() {
        byte[] whole = png(IMAGE);
        byte[] truncated = Arrays.copyOf(whole, first(whole, "IDAT").offset() + 10);

        ImageReadException e = assertThrows(ImageReadException.class, () -> PngChunks.readText(truncated));
        assertEquals("the attached file is not a valid PNG (chunk IDAT truncated at byte " + truncated.length + ")", e.getMessage());
    }

    @Test
    void readText_lengthFieldBeyondData_throwsInsteadOfReading() {
        byte[] png = png(IMAGE);
        ByteBuffer.wrap(png).putInt(first(png, "IDAT").offset(), 0xFFFFFFF0);

        ImageReadException e = assertThrows(ImageReadException.class, () -> PngChunks.readText(png));
        assertTrue(e.getMessage().contains("chunk IDAT truncated"), e.getMessage());
    }

    @Test
    void readText_fileEndsAtChunkBoundaryWithoutIend_throws() {
        byte[] whole = png(IMAGE);
        byte[] cut = Arrays.copyOf(whole, first(whole, "IEND").offset());

        ImageReadException e = assertThrows(ImageReadException.class, () -> PngChunks.readText(cut));
        assertTrue(e.getMessage().contains("without an IEND chunk"), e.getMessage());
    }

    @Test
    void readText_jpegBytes_throwsNotAPng() {
        byte[] jpeg = PngFixtures.encode(IMAGE, "jpg");

        ImageReadException e = assertThrows(ImageReadException.class, () -> PngChunks.readText(jpeg));
        assertEquals("the attached file is not a PNG image (missing PNG signature)", e.getMessage());
    }

    @Test
    void readText_corruptCompressedText_throwsNamingTheChunk() {
        byte[] garbage = "Description\0\0not deflate data".getBytes(StandardCharsets.ISO_8859_1);
        byte[] png = rawPng(ihdr(1, 1), chunk("zTXt", garbage), iend());

        ImageReadException e = assertThrows(ImageReadException.class, () -> PngChunks.readText(png));
        assertEquals("the attached PNG has a damaged zTXt chunk at byte 33 (compressed text is corrupt)", e.getMessage());
    }

    @Test
    void withText_latin1Text_insertsTEXtRightAfterIhdr() throws Exception {
        byte[] png = PngChunks.withText(png(IMAGE), "parameters", "a cat, Steps: 20");

        List<String> types = chunksOf(png).stream().map(PngFixtures.RawChunk::type).toList();
        assertEquals(List.of("IHDR", "tEXt", "IDAT", "IEND"), types);
        assertEquals(Map.of("parameters", "a cat, Steps: 20"), PngChunks.readText(png));
    }

    @Test
    void withText_nonLatin1Text_writesUncompressedITXt() throws Exception {
        byte[] png = PngChunks.withText(png(IMAGE), "parameters", "一只猫");

        assertEquals("iTXt", chunksOf(png).get(1).type());
        assertEquals(Map.of("parameters", "一只猫"), PngChunks.readText(png));
    }

    @Test
    void withText_everyChunkHasCorrectCrc() throws Exception {
        byte[] png = PngChunks.withText(png(IMAGE), "Comment", "ünïcödé ✓");

        assertTrue(chunksOf(png).stream().allMatch(PngFixtures.RawChunk::crcOk), chunksOf(png).toString());
    }

    @Test
    void withText_existingKeyword_replacesAnyChunkTypeWithIt() throws Exception {
        byte[] original = pngWithTextChunks(IMAGE, zTXt("parameters", "old"), tEXt("Software", "test"));

        byte[] png = PngChunks.withText(original, "parameters", "new");

        assertEquals(Map.of("parameters", "new", "Software", "test"), PngChunks.readText(png));
        assertEquals(List.of("IHDR", "tEXt", "tEXt", "IDAT", "IEND"), chunksOf(png).stream().map(PngFixtures.RawChunk::type).toList());
    }

    @Test
    void withText_result_decodesWithImageIoAndKeepsPixels() throws Exception {
        byte[] png = PngChunks.withText(png(IMAGE), "Comment", "hello");

        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(IMAGE.getRGB(0, 0), decoded.getRGB(0, 0));
        assertEquals(IMAGE.getRGB(7, 5), decoded.getRGB(7, 5));
        assertEquals("hello", imageIoTextValue(png));
    }

    @Test
    void withText_invalidKeyword_throwsIllegalArgument() {
        byte[] png = png(IMAGE);

        assertThrows(IllegalArgumentException.class, () -> PngChunks.withText(png, "", "x"));
        assertThrows(IllegalArgumentException.class, () -> PngChunks.withText(png, "k".repeat(80), "x"));
        assertThrows(IllegalArgumentException.class, () -> PngChunks.withText(png, "bad\0key", "x"));
    }

    @Test
    void withText_corruptInput_throwsImageReadException() {
        byte[] png = png(IMAGE);
        byte[] truncated = Arrays.copyOf(png, png.length - 20);

        assertThrows(ImageReadException.class, () -> PngChunks.withText(truncated, "Comment", "x"));
    }

    @Test
    void withText_doesNotModifyInput() throws Exception {
        byte[] png = png(IMAGE);
        byte[] copy = png.clone();

        PngChunks.withText(png, "Comment", "x");

        assertArrayEquals(copy, png);
    }

    /** Reads the first tEXt value through ImageIO's own PNG metadata, an independent decoder. */
    private static String imageIoTextValue(byte[] png) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree(PngFixtures.PNG_FORMAT);
            IIOMetadataNode entry = (IIOMetadataNode) root.getElementsByTagName("tEXtEntry").item(0);
            reader.dispose();
            return entry.getAttribute("value");
        }
    }
}
