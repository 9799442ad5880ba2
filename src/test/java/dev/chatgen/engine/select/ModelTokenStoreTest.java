package dev.chatgen.engine.select;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelTokenStoreTest {
    @TempDir
    Path dir;

    private final ModelTokenStore.Entry entry = new ModelTokenStore.Entry(
            new ModelTokens(new float[][] {{1, 2}, {3, 4}}, 0.5f), new float[][] {{5, 6}});

    @Test
    void load_returnsWhatWasSaved() throws IOException {
        ModelTokenStore store = new ModelTokenStore(dir);
        store.save("abc123", entry);
        ModelTokenStore.Entry back = store.load("abc123").orElseThrow();
        assertArrayEquals(entry.tokens().rows()[1], back.tokens().rows()[1]);
        assertEquals(0.5f, back.tokens().tagWeight());
        assertArrayEquals(entry.demoFeatures()[0], back.demoFeatures()[0]);
    }

    @Test
    void load_otherKeyOrNoFileIsEmpty() throws IOException {
        ModelTokenStore store = new ModelTokenStore(dir);
        assertTrue(store.load("abc123").isEmpty());
        store.save("abc123", entry);
        assertTrue(store.load("abc124").isEmpty());
    }

    @Test
    void load_truncatedFileIsIgnoredSoItIsRetrained() throws IOException {
        ModelTokenStore store = new ModelTokenStore(dir);
        store.save("abc123", entry);
        Path file = store.fileFor("abc123");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 6));
        assertTrue(store.load("abc123").isEmpty());
    }

    @Test
    void save_leavesNoTemporaryFiles() throws IOException {
        new ModelTokenStore(dir).save("abc123", entry);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }
}
