package dev.chatgen.queue;

import dev.chatgen.chat.AttachmentFiles;
import dev.chatgen.render.RenderedImage;
import dev.chatgen.store.StoreException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Rendered images as files named by their job, written whole or not at all. */
public final class ImageFiles {
    private final Path dir;

    public ImageFiles(Path dir) {
        this.dir = dir;
    }

    public ImageRecord save(long jobId, RenderedImage image, String backend) {
        Path target = dir.resolve(jobId + ".png");
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, jobId + "-", ".tmp");
            Files.write(tmp, image.png());
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new StoreException("writing the image of job " + jobId + " to " + dir + " failed: " + e.getMessage(), e);
        }
        return new ImageRecord(target, AttachmentFiles.sha256(image.png()), image.width(), image.height(), backend,
                java.util.Optional.of(image.ran()), image.took());
    }
}
