package dev.chatgen.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.io.InputStreamReader;

/**
 * Reads a catalog from JSON Lines and checks it whole before anything uses it: every problem in
 * every line is collected, so a maintainer fixes a file in one pass instead of one error at a time.
 */
public final class CatalogLoader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REPORTED = 50;

    private final List<String> problems = new ArrayList<>();

    private CatalogLoader() {
    }

    public static ModelCatalog load(Path modelsFile, Path demonstrationsFile) {
        return new CatalogLoader().read(modelsFile, demonstrationsFile);
    }

    private ModelCatalog read(Path modelsFile, Path demosFile) {
        List<T2IModel> models = new ArrayList<>();
        Map<String, String> modelLines = new HashMap<>();
        forEachLine(modelsFile, (where, node) -> {
            T2IModel m = parseModel(where, node);
            if (m != null) {
                String first = modelLines.putIfAbsent(m.id(), where);
                if (first != null) {
                    problem(where, "duplicate model id \"" + m.id() + "\" (first defined at " + first + ")");
                } else {
                    models.add(m);
                }
            }
        });
        Map<String, T2IModel> byId = new HashMap<>();
        models.forEach(m -> byId.put(m.id(), m));
        for (T2IModel m : models) {
            if (m.isLora()) {
                T2IModel base = byId.get(m.baseCheckpoint());
                String where = modelLines.get(m.id());
                if (base == null) {
                    problem(where, "LoRA \"" + m.id() + "\" names base_checkpoint \"" + m.baseCheckpoint() + "\", which is not in the catalog");
                } else if (base.isLora()) {
                    problem(where, "LoRA \"" + m.id() + "\" names base_checkpoint \"" + base.id() + "\", which is a LoRA, not a checkpoint");
                } else if (base.base() != m.base()) {
                    problem(where, "LoRA \"" + m.id() + "\" is for " + m.base().label() + " but its base_checkpoint \"" + base.id() + "\" is " + base.base().label());
                }
            }
        }
        List<Demonstration> demos = new ArrayList<>();
        Set<String> demoIds = new HashSet<>();
        forEachLine(demosFile, (where, node) -> {
            Demonstration d = parseDemonstration(where, node);
            if (d == null) {
                return;
            }
            T2IModel model = byId.get(d.model());
            if (!demoIds.add(d.demoId())) {
                problem(where, "duplicate demo_id \"" + d.demoId() + "\"");
            } else if (model == null) {
                problem(where, "demonstration \"" + d.demoId() + "\" names model \"" + d.model() + "\", which is not in " + modelsFile.getFileName());
            } else if (!model.base().accepts(d.args().width(), d.args().height())) {
                problem(where, "size " + d.args().width() + "x" + d.args().height() + " is outside what " + model.base().label()
                        + " renders (each side " + model.base().minSide() + "-" + model.base().maxSide() + ")");
            } else {
                demos.add(d);
            }
        });
        if (models.isEmpty() && problems.isEmpty()) {
            problem(modelsFile.toString(), "the catalog has no models");
        }
        if (!problems.isEmpty()) {
            List<String> shown = new ArrayList<>(problems.subList(0, Math.min(MAX_REPORTED, problems.size())));
            if (problems.size() > MAX_REPORTED) {
                shown.add("... and " + (problems.size() - MAX_REPORTED) + " more problems");
            }
            throw new CatalogException(shown);
        }
        return new ModelCatalog(models, demos);
    }

    private interface LineHandler {
        void accept(String where, JsonNode node);
    }

    private void forEachLine(Path file, LineHandler handler) {
        // Strict UTF-8: a mangled file is reported, not silently read with replacement characters.
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String where = file + ":" + number;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    problem(where, "not valid JSON (" + e.getOriginalMessage() + ")");
                    continue;
                }
                if (node == null || !node.isObject()) {
                    problem(where, "expected a JSON object on each line");
                    continue;
                }
                handler.accept(where, node);
            }
        } catch (NoSuchFileException e) {
            problem(file.toString(), "file not found");
        } catch (CharacterCodingException e) {
            problem(file.toString(), "not UTF-8 text");
        } catch (IOException e) {
            problem(file.toString(), "cannot read (" + e.getMessage() + ")");
        }
    }

    private T2IModel parseModel(String where, JsonNode n) {
        int before = problems.size();
        String id = text(where, n, "id", true);
        String name = text(where, n, "name", true);
        String typeLabel = text(where, n, "type", true);
        String baseLabel = text(where, n, "base", true);
        String description = text(where, n, "description", true);
        List<String> tags = strings(where, n, "tags");
        List<String> triggers = strings(where, n, "trigger_words");
        ModelType type = typeLabel == null ? null : ModelType.fromLabel(typeLabel).orElse(null);
        if (typeLabel != null && type == null) {
            problem(where, "type must be \"checkpoint\" or \"lora\", was \"" + typeLabel + "\"");
        }
        BaseModel base = baseLabel == null ? null : BaseModel.fromLabel(baseLabel).orElse(null);
        if (baseLabel != null && base == null) {
            problem(where, "base must be \"SD 1.5\" or \"SDXL 1.0\", was \"" + baseLabel + "\"");
        }
        Double weight = null;
        JsonNode w = n.get("lora_weight");
        if (w != null && !w.isNull()) {
            if (!w.isNumber() || w.asDouble() < -5 || w.asDouble() > 5) {
                problem(where, "lora_weight must be a number between -5 and 5 or null, was " + w);
            } else {
                weight = w.asDouble();
            }
        }
        String baseCheckpoint = text(where, n, "base_checkpoint", false);
        if (type == ModelType.LORA && baseCheckpoint == null) {
            problem(where, "LoRA \"" + id + "\" needs a base_checkpoint");
        }
        if (type == ModelType.CHECKPOINT && baseCheckpoint != null) {
            problem(where, "checkpoint \"" + id + "\" must not name a base_checkpoint");
        }
        JsonNode nsfw = n.get("nsfw");
        if (nsfw != null && !nsfw.isBoolean()) {
            problem(where, "nsfw must be true or false, was " + nsfw);
        }
        if (problems.size() > before) {
            return null;
        }
        return new T2IModel(id, name, text(where, n, "version", false), type, base, description, tags, triggers,
                weight, baseCheckpoint, nsfw != null && nsfw.booleanValue());
    }

    private Demonstration parseDemonstration(String where, JsonNode n) {
        int before = problems.size();
        String demoId = text(where, n, "demo_id", true);
        String model = text(where, n, "model", true);
        String prompt = text(where, n, "prompt", true);
        String input = text(where, n, "input", true);
        String negative = text(where, n, "negative_prompt", false);
        String role = text(where, n, "role", false);
        List<String> turns = n.has("turns") ? strings(where, n, "turns") : List.of();
        GenArgs args = parseArgs(where, n.get("args"));
        if (problems.size() > before) {
            return null;
        }
        return new Demonstration(demoId, model, prompt, negative, args, input, role, turns);
    }

    /** Parses an {@code args} object; shared with the benchmark's test cases. Adds problems instead of throwing. */
    static GenArgs parseArgs(String where, JsonNode a, List<String> problems) {
        CatalogLoader loader = new CatalogLoader();
        GenArgs args = loader.parseArgs(where, a);
        problems.addAll(loader.problems);
        return args;
    }

    private GenArgs parseArgs(String where, JsonNode a) {
        if (a == null || !a.isObject()) {
            problem(where, "missing field \"args\" (an object with sampler, steps, cfg_scale, width, height)");
            return null;
        }
        int before = problems.size();
        String sampler = text(where, a, "sampler", true);
        Number steps = number(where, a, "steps", true);
        Number cfg = number(where, a, "cfg_scale", false);
        Number width = number(where, a, "width", true);
        Number height = number(where, a, "height", true);
        if (problems.size() > before) {
            return null;
        }
        try {
            return new GenArgs(sampler, steps.intValue(), cfg.doubleValue(), width.intValue(), height.intValue());
        } catch (IllegalArgumentException e) {
            problem(where, "args out of range: " + e.getMessage());
            return null;
        }
    }

    private String text(String where, JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problem(where, "missing field \"" + field + "\"");
            }
            return null;
        }
        if (!v.isTextual()) {
            problem(where, "field \"" + field + "\" must be a string, was " + v.getNodeType().name().toLowerCase());
            return null;
        }
        if (required && v.asText().isBlank()) {
            problem(where, "field \"" + field + "\" must not be empty");
            return null;
        }
        return v.asText();
    }

    private Number number(String where, JsonNode n, String field, boolean integral) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            problem(where, "missing field \"args." + field + "\"");
            return null;
        }
        if (!v.isNumber() || (integral && v.asDouble() != Math.rint(v.asDouble()))) {
            problem(where, "args." + field + " must be " + (integral ? "a whole number" : "a number") + ", was " + v);
            return null;
        }
        return v.numberValue();
    }

    private List<String> strings(String where, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            problem(where, "missing field \"" + field + "\"");
            return List.of();
        }
        if (!v.isArray()) {
            problem(where, "field \"" + field + "\" must be a list of strings");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (e.getNodeType() != JsonNodeType.STRING) {
                problem(where, "field \"" + field + "\" must be a list of strings, found " + e);
                return List.of();
            }
            out.add(e.asText());
        }
        return out;
    }

    private void problem(String where, String what) {
        problems.add(where + ": " + what);
    }
}
