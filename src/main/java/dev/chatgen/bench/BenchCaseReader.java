package dev.chatgen.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatgen.catalog.CatalogException;
import dev.chatgen.catalog.GenArgs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a test file (JSON Lines, DESIGN.md's test case format); every bad line is reported with its number. */
public final class BenchCaseReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchCaseReader() {
    }

    public static List<BenchCase> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CatalogException(List.of(file + ": cannot read (" + e.getMessage() + ")"));
        }
        List<BenchCase> cases = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Path folder = file.toAbsolutePath().getParent();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = file + ":" + (i + 1);
            try {
                cases.add(parse(JSON.readTree(lines.get(i)), folder));
            } catch (JsonProcessingException e) {
                problems.add(where + ": not valid JSON (" + e.getOriginalMessage() + ")");
            } catch (RuntimeException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new CatalogException(problems);
        }
        return cases;
    }

    private static BenchCase parse(JsonNode n, Path folder) {
        List<String> turns = new ArrayList<>();
        required(n, "turns").forEach(t -> turns.add(t.asText()));
        List<Path> images = new ArrayList<>();
        if (n.has("images")) {
            n.get("images").forEach(p -> images.add(folder.resolve(p.asText())));
        }
        JsonNode a = required(n, "args");
        GenArgs args = new GenArgs(required(a, "sampler").asText(), required(a, "steps").asInt(),
                required(a, "cfg_scale").asDouble(), required(a, "width").asInt(), required(a, "height").asInt());
        return new BenchCase(required(n, "id").asText(), n.path("setting").asText("supervised"), n.path("type").asText("single"),
                turns, images, required(n, "prompt").asText(), n.path("negative_prompt").asText(""), required(n, "model").asText(), args);
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field \"" + field + "\"");
        }
        return v;
    }
}
