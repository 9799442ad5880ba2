package dev.chatgen.render.comfy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * ComfyUI's validate_prompt for the stock nodes the backend uses: every node's class must exist, every required
 * input must be there, a link ["id", slot] must name an existing node whose output in that slot has the type the
 * input wants, numbers must be numbers within the node's limits, and choices (ckpt_name, lora_name, sampler_name,
 * image, ...) must be in the node's list. Errors come back in ComfyUI's 400 body shape.
 */
final class GraphValidator {
    record Result(boolean valid, ObjectNode errorBody, List<String> outputs) {
    }

    private record NodeType(List<String> returns, boolean output, Map<String, String> required) {
    }

    private record Verdict(boolean valid, List<ObjectNode> errors) {
    }

    private static final Map<String, NodeType> TYPES = new LinkedHashMap<>();
    private static final Map<String, BigDecimal[]> LIMITS = new LinkedHashMap<>();

    static {
        type("CheckpointLoaderSimple", List.of("MODEL", "CLIP", "VAE"), false, "ckpt_name", "COMBO");
        type("LoraLoader", List.of("MODEL", "CLIP"), false, "model", "MODEL", "clip", "CLIP", "lora_name", "COMBO",
                "strength_model", "FLOAT", "strength_clip", "FLOAT");
        type("CLIPTextEncode", List.of("CONDITIONING"), false, "text", "STRING", "clip", "CLIP");
        type("EmptyLatentImage", List.of("LATENT"), false, "width", "INT", "height", "INT", "batch_size", "INT");
        type("LoadImage", List.of("IMAGE", "MASK"), false, "image", "COMBO");
        type("ImageScale", List.of("IMAGE"), false, "image", "IMAGE", "upscale_method", "COMBO", "width", "INT",
                "height", "INT", "crop", "COMBO");
        type("VAEEncode", List.of("LATENT"), false, "pixels", "IMAGE", "vae", "VAE");
        type("KSampler", List.of("LATENT"), false, "model", "MODEL", "seed", "INT", "steps", "INT", "cfg", "FLOAT",
                "sampler_name", "COMBO", "scheduler", "COMBO", "positive", "CONDITIONING", "negative", "CONDITIONING",
                "latent_image", "LATENT", "denoise", "FLOAT");
        type("VAEDecode", List.of("IMAGE"), false, "samples", "LATENT", "vae", "VAE");
        type("SaveImage", List.of(), true, "images", "IMAGE", "filename_prefix", "STRING");
        limit("KSampler.seed", "0", "18446744073709551615");
        limit("KSampler.steps", "1", "10000");
        limit("KSampler.cfg", "0", "100");
        limit("KSampler.denoise", "0", "1");
        limit("LoraLoader.strength_model", "-100", "100");
        limit("LoraLoader.strength_clip", "-100", "100");
        for (String side : List.of("EmptyLatentImage.width", "EmptyLatentImage.height", "ImageScale.width", "ImageScale.height")) {
            limit(side, "0", "16384");
        }
        limit("EmptyLatentImage.batch_size", "1", "4096");
    }

    private final JsonNode prompt;
    private final BiFunction<String, String, Supplier<List<String>>> choices;
    private final Map<String, Verdict> validated = new LinkedHashMap<>();

    GraphValidator(JsonNode prompt, BiFunction<String, String, Supplier<List<String>>> choices) {
        this.prompt = prompt;
        this.choices = choices;
    }

    Result validate() {
        List<String> outputs = new ArrayList<>();
        for (Map.Entry<String, JsonNode> node : prompt.properties()) {
            if (!node.getValue().has("class_type")) {
                return failure("invalid_prompt", "Cannot execute because a node is missing the class_type property.",
                        "Node ID '#" + node.getKey() + "'");
            }
            String type = node.getValue().path("class_type").asText();
            if (!TYPES.containsKey(type)) {
                return failure("invalid_prompt", "Cannot execute because node " + type + " does not exist.",
                        "Node ID '#" + node.getKey() + "'");
            }
            if (TYPES.get(type).output()) {
                outputs.add(node.getKey());
            }
        }
        if (outputs.isEmpty()) {
            return failure("prompt_no_outputs", "Prompt has no outputs", "");
        }
        List<String> good = new ArrayList<>();
        ObjectNode nodeErrors = FakeComfyUi.JSON.createObjectNode();
        List<String> lines = new ArrayList<>();
        for (String output : outputs) {
            Verdict verdict;
            try {
                verdict = validateNode(output);
            } catch (IllegalStateException e) {
                // a Python exception while validating, e.g. KeyError for a link to a missing node
                ObjectNode reason = error("exception_during_validation", "Exception when validating node", e.getMessage());
                reason.withObject("extra_info").put("exception_type", "KeyError");
                verdict = new Verdict(false, List.of(reason));
                validated.put(output, verdict);
            }
            if (verdict.valid()) {
                good.add(output);
                continue;
            }
            verdict.errors().forEach(e -> lines.add(e.path("message").asText() + ": " + e.path("details").asText()));
            validated.forEach((id, result) -> {
                if (!result.valid() && !result.errors().isEmpty()) {
                    ObjectNode entry = nodeErrors.has(id) ? (ObjectNode) nodeErrors.get(id) : nodeErrors.putObject(id);
                    if (!entry.has("errors")) {
                        entry.set("errors", FakeComfyUi.JSON.valueToTree(result.errors()));
                        entry.putArray("dependent_outputs");
                        entry.put("class_type", prompt.path(id).path("class_type").asText());
                    }
                    ((ArrayNode) entry.get("dependent_outputs")).add(output);
                }
            });
        }
        if (good.isEmpty()) {
            Result result = failure("prompt_outputs_failed_validation", "Prompt outputs failed validation", String.join("\n", lines));
            result.errorBody().set("node_errors", nodeErrors);
            return result;
        }
        return new Result(true, null, good);
    }

    private Verdict validateNode(String id) {
        if (validated.containsKey(id)) {
            return validated.get(id);
        }
        JsonNode node = prompt.get(id);
        String classType = node.path("class_type").asText();
        NodeType type = TYPES.get(classType);
        JsonNode inputs = node.path("inputs");
        List<ObjectNode> errors = new ArrayList<>();
        boolean valid = true;
        for (Map.Entry<String, String> spec : type.required().entrySet()) {
            String name = spec.getKey();
            String wanted = spec.getValue();
            JsonNode value = inputs.get(name);
            if (value == null) {
                ObjectNode e = error("required_input_missing", "Required input is missing", name);
                e.withObject("extra_info").put("input_name", name);
                errors.add(e);
            } else if (value.isArray()) {
                if (value.size() != 2) {
                    errors.add(inputError("bad_linked_input", "Bad linked input, must be a length-2 list of [node_id, slot_index]", name, name, value));
                    continue;
                }
                String from = value.get(0).asText();
                JsonNode linked = prompt.get(from);
                if (linked == null) {
                    throw new IllegalStateException("'" + from + "'");
                }
                List<String> returns = TYPES.get(linked.path("class_type").asText()).returns();
                int slot = value.get(1).asInt(-1);
                if (slot < 0 || slot >= returns.size()) {
                    throw new IllegalStateException("tuple index out of range");
                }
                if (!returns.get(slot).equals(wanted)) {
                    ObjectNode e = error("return_type_mismatch", "Return type mismatch between linked nodes",
                            name + ", received_type(" + returns.get(slot) + ") mismatch input_type(" + wanted + ")");
                    e.withObject("extra_info").put("input_name", name).put("received_type", returns.get(slot)).set("linked_node", value);
                    errors.add(e);
                    continue;
                }
                if (!validateNode(from).valid()) {
                    valid = false;
                }
            } else if (!literalOk(classType, name, wanted, value, errors)) {
                valid = false;
            }
        }
        Verdict verdict = new Verdict(valid && errors.isEmpty(), errors);
        validated.put(id, verdict);
        return verdict;
    }

    private boolean literalOk(String classType, String name, String wanted, JsonNode value, List<ObjectNode> errors) {
        switch (wanted) {
            case "INT", "FLOAT" -> {
                BigDecimal number;
                try {
                    number = new BigDecimal(value.asText());
                } catch (NumberFormatException e) {
                    errors.add(inputError("invalid_input_type", "Failed to convert an input value to a " + wanted + " value",
                            name + ", " + value.asText() + ", " + e.getMessage(), name, value));
                    return false;
                }
                if (wanted.equals("INT") && !value.isIntegralNumber()) {
                    errors.add(inputError("invalid_input_type", "Failed to convert an input value to a INT value",
                            name + ", " + value.asText(), name, value));
                    return false;
                }
                BigDecimal[] limits = LIMITS.get(classType + "." + name);
                if (limits != null && number.compareTo(limits[0]) < 0) {
                    errors.add(inputError("value_smaller_than_min", "Value " + value.asText() + " smaller than min of " + limits[0], name, name, value));
                    return false;
                }
                if (limits != null && number.compareTo(limits[1]) > 0) {
                    errors.add(inputError("value_bigger_than_max", "Value " + value.asText() + " bigger than max of " + limits[1], name, name, value));
                    return false;
                }
                return true;
            }
            case "STRING" -> {
                return true;
            }
            case "COMBO" -> {
                List<String> options = choices.apply(classType, name).get();
                if (options.contains(value.asText())) {
                    return true;
                }
                // Like validate_inputs: lists over 20 are not sent back.
                String listInfo = options.size() > 20 ? "(list of length " + options.size() + ")" : pythonList(options);
                ObjectNode e = error("value_not_in_list", "Value not in list", name + ": '" + value.asText() + "' not in " + listInfo);
                ObjectNode extra = e.withObject("extra_info").put("input_name", name);
                if (options.size() > 20) {
                    extra.putNull("input_config");
                } else {
                    extra.putArray("input_config").add(FakeComfyUi.JSON.valueToTree(options));
                }
                extra.set("received_value", value);
                errors.add(e);
                return false;
            }
            default -> {
                // a link type (MODEL, CLIP, ...) given as a plain value: ComfyUI would crash running it
                errors.add(inputError("bad_linked_input", "Bad linked input, must be a length-2 list of [node_id, slot_index]", name, name, value));
                return false;
            }
        }
    }

    private static String pythonList(List<String> options) {
        return options.stream().map(o -> "'" + o + "'").collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    private static ObjectNode error(String type, String message, String details) {
        ObjectNode e = FakeComfyUi.JSON.createObjectNode().put("type", type).put("message", message).put("details", details);
        e.putObject("extra_info");
        return e;
    }

    private static ObjectNode inputError(String type, String message, String details, String input, JsonNode value) {
        ObjectNode e = error(type, message, details);
        e.withObject("extra_info").put("input_name", input).set("received_value", value);
        return e;
    }

    private static Result failure(String type, String message, String details) {
        ObjectNode body = FakeComfyUi.JSON.createObjectNode();
        body.set("error", error(type, message, details));
        body.putObject("node_errors");
        return new Result(false, body, List.of());
    }

    private static void type(String name, List<String> returns, boolean output, String... inputs) {
        Map<String, String> required = new LinkedHashMap<>();
        for (int i = 0; i < inputs.length; i += 2) {
            required.put(inputs[i], inputs[i + 1]);
        }
        TYPES.put(name, new NodeType(returns, output, required));
    }

    private static void limit(String input, String min, String max) {
        LIMITS.put(input, new BigDecimal[] {new BigDecimal(min), new BigDecimal(max)});
    }
}
