package dev.chatgen.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The shipped bot-config/chatgen.yaml must match the registry. */
class DefaultFileTest {
    private static final Path FILE = Path.of("bot-config/chatgen.yaml");
    private static final Path BASE = Path.of("/srv/chatgen");

    @Test
    void defaultFile_loadsToTheDefaults() {
        assertEquals(ConfigLoader.defaults(BASE, Map.of()), ConfigLoader.load(FILE, BASE, Map.of()));
    }

    @Test
    void defaultFile_setsEveryKey() throws IOException {
        Set<String> inFile = new TreeSet<>();
        flatten("", new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile()), inFile);

        assertEquals(Keys.all().stream().map(Key::name).collect(Collectors.toCollection(TreeSet::new)), inFile);
    }

    @Test
    void defaultFile_commentAboveEachKey_namesItsVariable() throws IOException {
        List<String> lines = Files.readAllLines(FILE);
        for (Key<?> key : Keys.all()) {
            String marker = "Environment: " + key.envName();
            List<Integer> at = IntStream.range(0, lines.size())
                    .filter(i -> lines.get(i).endsWith(marker)).boxed().toList();
            assertEquals(1, at.size(), marker);
            String leaf = key.name().substring(key.name().lastIndexOf('.') + 1);
            assertTrue(lines.get(at.get(0) + 1).strip().startsWith(leaf + ":"), key.name());
            assertTrue(lines.get(at.get(0) - 1).strip().startsWith("# "), key.name() + " has a description");
        }
    }

    private static void flatten(String prefix, JsonNode node, Set<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                    e.getValue(), out));
        } else {
            out.add(prefix);
        }
    }
}
