package dev.chatgen.queue;

import java.nio.file.Path;

/** A rendered image as stored: the file, its digest and size, and which backend made it. */
public record ImageRecord(Path path, String sha256, int width, int height, String backend) {
}
