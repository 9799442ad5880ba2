package dev.chatgen.render.png;

import static dev.chatgen.render.png.PngFixtures.chunk;
import static dev.chatgen.render.png.PngFixtures.iend;
import static dev.chatgen.render.png.PngFixtures.ihdr;
import static dev.chatgen.render.png.PngFixtures.png;
import static dev.chatgen.render.png.PngFixtures.rawPng;
import static dev.chatgen.render.png.PngFixtures.solid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageInspectorTest {

    private final ImageInspector inspector = new ImageInspector();

    @Test
    void inspect_solidRed_isRedAndBalanced() throws Exception {
        ImageEvidence evidence = inspector.inspect(png(solid(40, 40, Color.RED)));

        assertEquals(List.of("red"), evidence.dominantColours());
        assertEquals("balanced", evidence.brightness());
    }

    @Test
    void inspect_halfBlueHalfWhite_listsBothColours() throws Exception {
        ImageEvidence evidence = inspector.inspect(png(PngFixtures.halves(300, 200, Color.BLUE, Color.WHITE)));

        assertEquals(List.of("blue", "white"), evidence.dominantColours());
    }

    @Test
    void inspect_smallAccent_isBelowShareThreshold() throws Exception {
        var image = solid(100, 100, new Color(30, 140, 40));
        image.getGraphics().fillRect(0, 0, 10, 50); // 5% in the default graphics colour (white)

        assertEquals(List.of("green"), inspector.inspect(png(image)).dominantColours());
    }

    @Test
    void inspect_black_isDark() throws Exception {
        ImageEvidence evidence = inspector.inspect(png(solid(16, 16, Color.BLACK)));

        assertEquals("dark", evidence.brightness());
        assertEquals(List.of("black"), evidence.dominantColours());
    }

    @Test
    void inspect_white_isBright() throws Exception {
        assertEquals("bright", inspector.inspect(png(solid(16, 16, Color.WHITE))).brightness());
    }

    @ParameterizedTest
    @CsvSource({"100, 100, square", "104, 100, square", "100, 104, square", "120, 100, landscape", "64, 96, portrait"})
    void inspect_dimensions_giveOrientation(int width, int height, String expected) throws Exception {
        ImageEvidence evidence = inspector.inspect(png(solid(width, height, Color.GRAY)));

        assertEquals(expected, evidence.orientation());
        assertEquals((double) width / height, evidence.aspectRatio(), 1e-9);
    }

    @Test
    void inspect_a1111Sample_hasInfotextAndSize() throws Exception {
        ImageEvidence evidence = inspector.inspect(PngFixtures.resource("anime_lineart-08.png"));

        assertEquals(64, evidence.width());
        assertEquals(96, evidence.height());
        assertEquals(Optional.of("DPM++ 2M Karras"), evidence.infotext().flatMap(A1111Infotext::combinedSampler));
        assertEquals(Optional.empty(), evidence.comfy());
        assertEquals(List.of(), evidence.notes());
    }

    @Test
    void inspect_pngWithoutMetadata_hasPixelsOnly() throws Exception {
        ImageEvidence evidence = inspector.inspect(PngFixtures.resource("aamXLAnimeMix_v10-07.png"));

        assertEquals("landscape", evidence.orientation());
        assertEquals(Optional.empty(), evidence.infotext());
        assertTrue(!evidence.dominantColours().isEmpty());
    }

    @Test
    void inspect_comfyPromptChunk_hasRecipe() throws Exception {
        byte[] image = PngChunks.withText(png(solid(20, 30, new Color(255, 140, 0))), "prompt", ComfyWorkflowTest.DEFAULT_GRAPH);

        ImageEvidence evidence = inspector.inspect(image);

        assertEquals(Optional.of("dreamshaper_8"), evidence.comfy().flatMap(ComfyRecipe::checkpoint));
        assertEquals(List.of("orange"), evidence.dominantColours());
    }

    @Test
    void inspect_malformedComfyJson_keepsImageAndNotesIt() throws Exception {
        byte[] image = PngChunks.withText(png(solid(20, 20, Color.RED)), "prompt", "{\"3\": {");

        ImageEvidence evidence = inspector.inspect(image);

        assertEquals(Optional.empty(), evidence.comfy());
        assertEquals(1, evidence.notes().size());
        assertTrue(evidence.notes().get(0).contains("not valid JSON"), evidence.notes().toString());
        assertEquals(List.of("red"), evidence.dominantColours());
    }

    @Test
    void inspect_damagedTextChunk_keepsOtherMetadataAndNotesIt() throws Exception {
        byte[] base = png(solid(20, 20, Color.BLUE));
        byte[] badZtxt = chunk("zTXt", "Comment\0\0garbage".getBytes(StandardCharsets.ISO_8859_1));
        byte[] withBad = insertAfterIhdr(base, badZtxt);
        byte[] image = PngChunks.withText(withBad, "parameters", "a boat\nSteps: 5, Sampler: Euler, CFG scale: 3");

        ImageEvidence evidence = inspector.inspect(image);

        assertEquals(Optional.of(5), evidence.infotext().flatMap(A1111Infotext::steps));
        assertTrue(evidence.notes().get(0).contains("damaged zTXt chunk"), evidence.notes().toString());
    }

    @Test
    void inspect_jpeg_readsPixelsWithoutMetadata() throws Exception {
        ImageEvidence evidence = inspector.inspect(PngFixtures.encode(solid(90, 60, Color.BLUE), "jpg"));

        assertEquals(90, evidence.width());
        assertEquals(List.of("blue"), evidence.dominantColours());
        assertEquals(Optional.empty(), evidence.infotext());
    }

    @Test
    void inspect_gif_readsPixels() throws Exception {
        ImageEvidence evidence = inspector.inspect(PngFixtures.encode(solid(30, 60, Color.GREEN), "gif"));

        assertEquals("portrait", evidence.orientation());
        assertEquals(List.of("green"), evidence.dominantColours());
    }

    @Test
    void inspect_largeImage_isAnalysedFromADownscaledCopy() throws Exception {
        ImageEvidence evidence = inspector.inspect(png(PngFixtures.halves(3000, 2000, Color.WHITE, Color.BLUE)));

        assertEquals(3000, evidence.width());
        assertEquals(List.of("white", "blue"), evidence.dominantColours());
    }

    @Test
    void inspect_fiftyMegabytes_refusedBeforeDecoding() {
        byte[] huge = new byte[50 << 20];

        ImageReadException e = assertThrows(ImageReadException.class, () -> inspector.inspect(huge));
        assertEquals("the attached image is 50.0 MB; the limit is 20 MB", e.getMessage());
    }

    @Test
    void inspect_headerClaimingHundredThousandSquared_refusedBeforeDecoding() {
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[1024]);
        deflater.finish();
        byte[] idat = new byte[64];
        byte[] bomb = rawPng(ihdr(100_000, 100_000), chunk("IDAT", Arrays.copyOf(idat, deflater.deflate(idat))), iend());

        ImageReadException e = assertThrows(ImageReadException.class, () -> inspector.inspect(bomb));
        assertEquals("the attached image is 100000x100000 pixels; the limit is 40 megapixels", e.getMessage());
    }

    @Test
    void inspect_customPixelLimit_applies() {
        ImageInspector strict = new ImageInspector(ImageInspector.DEFAULT_MAX_BYTES, 1_500_000);
        byte[] image = png(solid(2000, 1000, Color.RED));

        ImageReadException e = assertThrows(ImageReadException.class, () -> strict.inspect(image));
        assertEquals("the attached image is 2000x1000 pixels; the limit is 1.5 megapixels", e.getMessage());
    }

    @Test
    void inspect_emptyBytes_throws() {
        ImageReadException e = assertThrows(ImageReadException.class, () -> inspector.inspect(new byte[0]));

        assertEquals("the attached file is empty", e.getMessage());
    }

    @Test
    void inspect_textFile_throwsNotAnImage() {
        byte[] text = "definitely not an image".getBytes(StandardCharsets.UTF_8);

        ImageReadException e = assertThrows(ImageReadException.class, () -> inspector.inspect(text));
        assertTrue(e.getMessage().startsWith("the attached file is not an image format I can read"), e.getMessage());
    }

    @Test
    void inspect_truncatedPng_throwsWithPngDetail() {
        byte[] whole = png(solid(50, 50, Color.RED));

        ImageReadException e = assertThrows(ImageReadException.class, () -> inspector.inspect(Arrays.copyOf(whole, whole.length - 30)));
        assertTrue(e.getMessage().startsWith("the attached file is not a valid PNG (chunk IDAT truncated"), e.getMessage());
    }

    @Test
    void inspect_pixelDataThatIsNotZlib_throwsWrappedDecodeError() {
        byte[] broken = rawPng(ihdr(4, 4), chunk("IDAT", "this is not zlib data".getBytes(StandardCharsets.US_ASCII)), iend());

        ImageReadException e = assertThrows(ImageReadException.class, () -> inspector.inspect(broken));
        assertTrue(e.getMessage().startsWith("the attached image could not be decoded"), e.getMessage());
    }

    private static byte[] insertAfterIhdr(byte[] png, byte[] chunk) {
        int afterIhdr = 8 + 12 + 13;
        byte[] out = new byte[png.length + chunk.length];
        System.arraycopy(png, 0, out, 0, afterIhdr);
        System.arraycopy(chunk, 0, out, afterIhdr, chunk.length);
        System.arraycopy(png, afterIhdr, out, afterIhdr + chunk.length, png.length - afterIhdr);
        return out;
    }
}
