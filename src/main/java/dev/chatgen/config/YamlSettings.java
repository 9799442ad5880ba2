package dev.chatgen.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a YAML file into dotted keys with their line numbers. Streams tokens rather than building a
 * tree, because only the parser knows where each scalar was.
 */
final class YamlSettings {
    private final JsonParser parser;
    private final String fileName;
    private final Map<String, Key<?>> keys;
    private final Set<String> sections;
    private final List<String> errors;
    private final Map<String, Setting> settings = new LinkedHashMap<>();
    private final Map<String, Integer> firstLines = new HashMap<>();

    private YamlSettings(JsonParser parser, String fileName, Map<String, Key<?>> keys, Set<String> sections,
            List<String> errors) {
        this.parser = parser;
        this.fileName = fileName;
        this.keys = keys;
        this.sections = sections;
        this.errors = errors;
    }

    /**
     * The settings of the file by key name. Problems go to errors; what was read before a syntax
     * error is still returned, so its values are checked too.
     *
     * @param keys     known keys by name
     * @param sections every proper prefix of a key name ("engine", "engine.model-tokens")
     */
    static Map<String, Setting> read(Path file, String fileName, Map<String, Key<?>> keys, Set<String> sections,
            List<String> errors) {
        // An InputStream lets Jackson detect the encoding and report bad bytes with a location.
        try (InputStream in = Files.newInputStream(file); JsonParser parser = new YAMLFactory().createParser(in)) {
            YamlSettings reader = new YamlSettings(parser, fileName, keys, sections, errors);
            try {
                reader.readDocument();
            } catch (JsonProcessingException e) {
                errors.add(syntaxError(e, fileName));
            }
            return reader.settings;
        } catch (IOException e) {
            errors.add("cannot read configuration file " + fileName + ": " + e.getMessage());
            return Map.of();
        }
    }

    private void readDocument() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null || token == JsonToken.VALUE_NULL) {
            return; // empty file, or comments only
        }
        if (token != JsonToken.START_OBJECT) {
            String was = token.isScalarValue() ? '"' + parser.getText() + '"' : describe(token);
            errors.add("configuration must be a YAML mapping of keys, was " + was + " (from " + here() + ")");
            return;
        }
        readMapping("");
        if (parser.nextToken() != null) {
            errors.add("configuration must be a single YAML document (from " + here() + ")");
        }
    }

    private void readMapping(String prefix) throws IOException {
        for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
            String name = prefix.isEmpty() ? parser.currentName() : prefix + "." + parser.currentName();
            String keyAt = here();
            JsonToken value = parser.nextToken();
            Key<?> key = keys.get(name);
            if (key != null) {
                readValue(key, value);
            } else if (sections.contains(name)) {
                readSection(name, value);
            } else {
                List<String> known = new ArrayList<>(keys.keySet());
                known.addAll(sections);
                errors.add("unknown key " + name + Suggestions.closest(name, known).map(s -> "; did you mean " + s + "?")
                        .orElse("") + " (from " + keyAt + ")");
                parser.skipChildren();
            }
        }
    }

    private void readValue(Key<?> key, JsonToken token) throws IOException {
        if (!token.isScalarValue()) {
            errors.add(key.name() + ": " + key.allowed() + ", was " + describe(token) + " (from " + here() + ")");
            parser.skipChildren();
            return;
        }
        Integer first = firstLines.putIfAbsent(key.name(), line());
        if (first != null) {
            errors.add("duplicate key " + key.name() + ", first set on line " + first + " (from " + here() + ")");
        }
        if (token != JsonToken.VALUE_NULL) { // "key:" with no value keeps the default
            settings.put(key.name(), new Setting(parser.getText(), here()));
        }
    }

    private void readSection(String name, JsonToken token) throws IOException {
        if (token == JsonToken.START_OBJECT) {
            readMapping(name);
        } else if (token != JsonToken.VALUE_NULL) {
            String example = keys.keySet().stream().filter(k -> k.startsWith(name + ".")).findFirst().orElseThrow();
            String was = token.isScalarValue() ? '"' + parser.getText() + '"' : describe(token);
            errors.add(name + ": must be a section of keys such as " + example + ", was " + was
                    + " (from " + here() + ")");
            parser.skipChildren();
        }
    }

    private String here() {
        return fileName + ":" + line();
    }

    private int line() {
        return parser.currentTokenLocation().getLineNr();
    }

    private String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "a list";
            case START_OBJECT -> "a mapping";
            default -> "a single value";
        };
    }

    /**
     * SnakeYAML knows the line of the problem itself; Jackson's location is the last good token, which
     * may be lines earlier, and its message spans several lines with source excerpts.
     */
    private static String syntaxError(JsonProcessingException e, String fileName) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            int line = yaml.getProblemMark().getLine() + 1;
            String context = "";
            if (yaml.getContext() != null) {
                context = " " + yaml.getContext();
                if (yaml.getContextMark() != null && yaml.getContextMark().getLine() + 1 != line) {
                    context += " started on line " + (yaml.getContextMark().getLine() + 1);
                }
            }
            return "invalid YAML: " + oneLine(yaml.getProblem()) + context + " (from " + fileName + ":" + line + ")";
        }
        JsonLocation at = e.getLocation();
        String line = at != null && at.getLineNr() > 0 ? ":" + at.getLineNr() : "";
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        return "invalid YAML: " + oneLine(message.lines().findFirst().orElse("")) + " (from " + fileName + line + ")";
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
