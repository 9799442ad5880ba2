package dev.chatgen.render;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A finished picture: PNG bytes (with the infotext of what ran), its size, what the backend really
 * ran, and how long it took.
 */
public record RenderedImage(byte[] png, int width, int height, Ran ran, Duration took) {
    public RenderedImage {
        Objects.requireNonNull(png, "png");
        Objects.requireNonNull(ran, "ran");
        Objects.requireNonNull(took, "took");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
    }

    /**
     * What the backend ran, in its own names: the checkpoint, sampler (and scheduler, if separate),
     * seed and LoRAs; {@code notes} say where it differs from the plan and why.
     */
    public record Ran(String checkpoint, String sampler, long seed, List<String> loras, List<String> notes) {
        public Ran {
            Objects.requireNonNull(checkpoint, "checkpoint");
            Objects.requireNonNull(sampler, "sampler");
            loras = List.copyOf(loras);
            notes = List.copyOf(notes);
        }
    }
}
