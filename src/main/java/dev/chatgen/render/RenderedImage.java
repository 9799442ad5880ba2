package dev.chatgen.render;

import java.util.Objects;

/** A finished picture: PNG bytes with their size. */
public record RenderedImage(byte[] png, int width, int height) {
    public RenderedImage {
        Objects.requireNonNull(png, "png");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
    }
}
