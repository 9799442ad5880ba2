package dev.chatgen.queue;

import dev.chatgen.render.RenderedImage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A rendered image as stored: the file, its digest and size, which backend made it and what it really ran. */
public record ImageRecord(Path path, String sha256, int width, int height, String backend, Optional<RenderedImage.Ran> ran,
                          Duration took) {
    public ImageRecord(Path path, String sha256, int width, int height, String backend) {
        this(path, sha256, width, height, backend, Optional.empty(), Duration.ZERO);
    }
}
