package dev.chatgen.render.horde;

import dev.chatgen.render.RenderFailedException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Horde's picture as PNG. PNG passes through untouched; anything ImageIO reads is re-encoded. The real
 * Horde sends WEBP, which the JDK alone cannot read: TwelveMonkeys' imageio-webp plugin (a dependency) does.
 */
final class HordeImages {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** A PNG and its size. */
    record Png(byte[] bytes, int width, int height) {
    }

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private HordeImages() {
    }

    static Png toPng(byte[] image) {
        if (isPng(image)) {
            ByteBuffer header = ByteBuffer.wrap(image, 16, 8); // IHDR data: width, height (big-endian)
            return new Png(image, header.getInt(), header.getInt());
        }
        BufferedImage decoded;
        try {
            decoded = ImageIO.read(new ByteArrayInputStream(image));
        } catch (IOException | RuntimeException e) {
            throw new RenderFailedException("The AI Horde sent a damaged " + (isWebp(image) ? "WEBP " : "") + "picture; try again.", e);
        }
        if (decoded == null) {
            String what = isWebp(image) ? "as WEBP, which this bot cannot convert yet (its Java has no WEBP decoder)"
                    : "in a format this bot cannot read";
            throw new RenderFailedException("The AI Horde sent the picture " + what + "; the operator can add a WEBP "
                    + "image plugin or choose another backend.", null);
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(decoded, "png", out);
            return new Png(out.toByteArray(), decoded.getWidth(), decoded.getHeight());
        } catch (IOException e) {
            throw new IllegalStateException("ImageIO could not write a PNG in memory", e);
        }
    }

    static boolean isPng(byte[] image) {
        return image.length > 24 && Arrays.equals(image, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length);
    }

    static boolean isWebp(byte[] image) {
        return image.length >= 12 && new String(image, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")
                && new String(image, 8, 4, StandardCharsets.US_ASCII).equals("WEBP");
    }
}
