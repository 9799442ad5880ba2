package dev.chatgen.engine.select;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Keeps trained ModelTokens, and the demonstration states they were trained on, in one file per
 * key (a hash of catalog, feature version and training settings), so a restart with an unchanged
 * catalog skips both the encoding and the training. Written to a temporary file and moved into
 * place, so a crash never leaves half a file that a later start would trust.
 */
public final class ModelTokenStore {
    private static final int MAGIC = 0x43474D54; // "CGMT"
    private static final int FORMAT = 3;

    private final Path directory;

    public ModelTokenStore(Path directory) {
        this.directory = directory;
    }

    /** What is stored under one key. */
    public record Entry(ModelTokens tokens, float[][] demoFeatures) {
    }

    public Path fileFor(String key) {
        return directory.resolve("model-tokens-" + key.substring(0, Math.min(24, key.length())) + ".bin");
    }

    /** The entry for {@code key}, or empty when there is none or it is unreadable (then it is retrained). */
    public Optional<Entry> load(String key) {
        Path file = fileFor(key);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT || !in.readUTF().equals(key)) {
                return Optional.empty();
            }
            float tagWeight = in.readFloat();
            float centroidWeight = in.readFloat();
            float[][] rows = readMatrix(in);
            float[][] demos = readMatrix(in);
            return Optional.of(new Entry(new ModelTokens(rows, tagWeight, centroidWeight), demos));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // why: missing or unreadable weights are simply trained again
        }
    }

    public void save(String key, Entry entry) throws IOException {
        Files.createDirectories(directory);
        Path file = fileFor(key);
        Path tmp = Files.createTempFile(directory, "model-tokens-", ".tmp");
        try {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeInt(FORMAT);
                out.writeUTF(key);
                out.writeFloat(entry.tokens().tagWeight());
                out.writeFloat(entry.tokens().centroidWeight());
                writeMatrix(out, entry.tokens().rows());
                writeMatrix(out, entry.demoFeatures());
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeMatrix(DataOutputStream out, float[][] m) throws IOException {
        out.writeInt(m.length);
        out.writeInt(m.length == 0 ? 0 : m[0].length);
        for (float[] row : m) {
            for (float v : row) {
                out.writeFloat(v);
            }
        }
    }

    private static float[][] readMatrix(DataInputStream in) throws IOException {
        int rows = in.readInt();
        int cols = in.readInt();
        if (rows < 0 || cols < 0 || (long) rows * cols > 200_000_000L) {
            throw new IOException("implausible matrix size " + rows + "x" + cols);
        }
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int c = 0; c < cols; c++) {
                row[c] = in.readFloat();
            }
        }
        return m;
    }
}
