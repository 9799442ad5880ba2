package dev.chatgen.render.png;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an attached image shows and carries, for the bot to describe or reuse.
 *
 * @param aspectRatio      width / height
 * @param orientation      "portrait", "landscape" or "square" (sides within 5% of each other)
 * @param dominantColours  up to three plain colour names, most common first, each covering at least 8% of the image
 * @param brightness       "dark", "balanced" or "bright"
 * @param infotext         AUTOMATIC1111 settings from the PNG "parameters" chunk
 * @param comfy            ComfyUI settings from the PNG "prompt" chunk
 * @param notes            metadata that was present but ignored because it could not be read, and why
 */
public record ImageEvidence(
        int width,
        int height,
        double aspectRatio,
        String orientation,
        List<String> dominantColours,
        String brightness,
        Optional<A1111Infotext> infotext,
        Optional<ComfyRecipe> comfy,
        List<String> notes) {

    private static final Set<String> ORIENTATIONS = Set.of("portrait", "landscape", "square");
    private static final Set<String> BRIGHTNESS = Set.of("dark", "balanced", "bright");

    public ImageEvidence {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
        if (!(aspectRatio > 0) || !Double.isFinite(aspectRatio)) {
            throw new IllegalArgumentException("aspect ratio must be positive: " + aspectRatio);
        }
        if (!ORIENTATIONS.contains(orientation)) {
            throw new IllegalArgumentException("unknown orientation: " + orientation);
        }
        if (!BRIGHTNESS.contains(brightness)) {
            throw new IllegalArgumentException("unknown brightness: " + brightness);
        }
        dominantColours = List.copyOf(dominantColours);
        Objects.requireNonNull(infotext, "infotext");
        Objects.requireNonNull(comfy, "comfy");
        notes = List.copyOf(notes);
    }
}
