package dev.chatgen.chat;

import dev.chatgen.store.StoreException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Attachment bytes as files named by their sha256, so the same picture sent twice is kept once
 * and a file written before a failed transaction is harmless.
 */
public final class AttachmentFiles {
    private final Path dir;

    public AttachmentFiles(Path dir) {
        this.dir = dir;
    }

    /** The bytes as stored: where, and their digest. */
    public record Saved(Path path, String sha256, long size) {
    }

    public Saved save(byte[] bytes) {
        String sha = sha256(bytes);
        Path target = dir.resolve(sha.substring(0, 2)).resolve(sha);
        try {
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), sha, ".tmp");
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return new Saved(target, sha, bytes.length);
        } catch (IOException e) {
            throw new StoreException("saving an attachment under " + dir + " failed: " + e.getMessage(), e);
        }
    }

    public byte[] read(Path path) throws IOException {
        return Files.readAllBytes(path);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
