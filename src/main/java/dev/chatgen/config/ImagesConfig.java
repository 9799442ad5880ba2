package dev.chatgen.config;

/** Limits on input images, checked before decoding so a huge upload cannot exhaust memory. */
public record ImagesConfig(int maxBytes, int maxPixels) {
    public ImagesConfig {
        Keys.ENGINE_IMAGES_MAX_BYTES.require(maxBytes);
        Keys.ENGINE_IMAGES_MAX_PIXELS.require(maxPixels);
    }
}
