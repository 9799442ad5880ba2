package dev.chatgen.render.png;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Turns an attached image (any format ImageIO reads: PNG, JPEG, GIF, BMP, ...) into {@link ImageEvidence}.
 * Untrusted input is bounded twice before any pixel is decoded: by byte size, then by the pixel count in the header.
 * Metadata that cannot be read is skipped with a note; a file whose image cannot be read is refused.
 */
public final class ImageInspector {

    public static final long DEFAULT_MAX_BYTES = 20L << 20;
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
    // Colour buckets need a few thousand pixels, not millions: decode straight into a copy about this wide.
    private static final int ANALYSIS_EDGE = 128;
    private static final double SQUARE_TOLERANCE = 1.05;
    private static final double MIB = 1 << 20;

    private record Decoded(int width, int height, BufferedImage sample) {
    }

    private final long maxBytes;
    private final long maxPixels;

    public ImageInspector() {
        this(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS);
    }

    public ImageInspector(long maxBytes, long maxPixels) {
        if (maxBytes <= 0 || maxPixels <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxBytes + " bytes, " + maxPixels + " pixels");
        }
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
    }

    /**
     * @throws ImageReadException if the bytes are empty, over a limit, not an image, or damaged
     */
    public ImageEvidence inspect(byte[] image) throws ImageReadException {
        if (image == null || image.length == 0) {
            throw new ImageReadException("the attached file is empty");
        }
        if (image.length > maxBytes) {
            throw new ImageReadException(String.format(Locale.ROOT, "the attached image is %.1f MB; the limit is %s MB",
                    image.length / MIB, plain(maxBytes / MIB)));
        }
        List<String> notes = new ArrayList<>();
        Map<String, String> texts = PngChunkReader.hasSignature(image) ? pngTexts(image, notes) : Map.of();
        Decoded decoded = decode(image);
        ColourSummary colours = ColourSummary.of(decoded.sample());
        Optional<A1111Infotext> infotext = Optional.ofNullable(texts.get("parameters"))
                .filter(text -> !text.isBlank())
                .map(A1111Infotext::parse);
        Optional<ComfyRecipe> comfy = comfyRecipe(texts.get("prompt"), notes);
        double aspectRatio = (double) decoded.width() / decoded.height();
        return new ImageEvidence(decoded.width(), decoded.height(), aspectRatio,
                orientation(decoded.width(), decoded.height()), colours.dominantColours(), colours.brightness(),
                infotext, comfy, notes);
    }

    /** Structural damage is fatal (the image itself is broken); an unreadable text chunk only costs its metadata. */
    private static Map<String, String> pngTexts(byte[] png, List<String> notes) throws ImageReadException {
        Map<String, String> texts = new LinkedHashMap<>();
        for (PngChunk chunk : PngChunkReader.read(png)) {
            if (!TextChunks.isText(chunk)) {
                continue;
            }
            try {
                TextChunks.Entry entry = TextChunks.decode(chunk);
                texts.putIfAbsent(entry.keyword(), entry.text());
            } catch (ImageReadException e) {
                notes.add("ignored unreadable PNG metadata: " + e.getMessage());
            }
        }
        return texts;
    }

    private static Optional<ComfyRecipe> comfyRecipe(String promptChunk, List<String> notes) {
        if (promptChunk == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ComfyWorkflow.parse(promptChunk));
        } catch (ImageReadException e) {
            notes.add("ignored the PNG \"prompt\" metadata: " + e.getMessage());
            return Optional.empty();
        }
    }

    private Decoded decode(byte[] bytes) throws ImageReadException {
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new ImageReadException("the attached file is not an image format I can read (try PNG, JPEG or GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                checkPixelCount(width, height);
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, Math.max(width, height) / ANALYSIS_EDGE);
                param.setSourceSubsampling(step, step, 0, 0);
                return new Decoded(width, height, reader.read(0, param));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // ImageIO plugins report corrupt data with IIOException but also with unchecked exceptions
            // (ArrayIndexOutOfBounds, IllegalArgument, ...); either way the user's file is at fault, not us.
            throw new ImageReadException(
                    "the attached image could not be decoded (the file is damaged or uses an unsupported variant of its format)", e);
        }
    }

    private void checkPixelCount(int width, int height) throws ImageReadException {
        if (width <= 0 || height <= 0) {
            throw new ImageReadException("the attached image has an invalid size (" + width + "x" + height + ")");
        }
        if ((long) width * height > maxPixels) {
            throw new ImageReadException(String.format(Locale.ROOT,
                    "the attached image is %dx%d pixels; the limit is %s megapixels", width, height, plain(maxPixels / 1e6)));
        }
    }

    private static String orientation(int width, int height) {
        if ((double) Math.max(width, height) / Math.min(width, height) <= SQUARE_TOLERANCE) {
            return "square";
        }
        return width > height ? "landscape" : "portrait";
    }

    /** 20.0 -> "20", 2.5 -> "2.5": limits read better without a trailing ".0". */
    private static String plain(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
