package dev.chatgen.render.png;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the generation settings out of ComfyUI's API-format graph (the PNG {@code prompt} chunk): node id ->
 * {@code {"class_type": ..., "inputs": {...}}}, where an input {@code ["6", 0]} links to output 0 of node "6".
 * Starting from the KSampler, it follows positive/negative to the prompt text, model through any LoRA loaders to
 * the checkpoint, and latent_image to the size. Links to missing nodes leave the matching fields empty.
 */
public final class ComfyWorkflow {

    // ComfyUI writes the graph with Python's json module, which emits NaN/Infinity for such floats.
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final Set<String> SAMPLERS = Set.of("KSampler", "KSamplerAdvanced");
    // Real graphs are acyclic; the cap keeps a hand-made cyclic one from looping forever.
    private static final int MAX_HOPS = 64;
    private static final Pattern FOLDERS = Pattern.compile(".*[/\\\\]");
    private static final Pattern MODEL_EXTENSION =
            Pattern.compile("\\.(safetensors|ckpt|pt|pth|bin|sft|gguf)$", Pattern.CASE_INSENSITIVE);

    private record ModelChain(Optional<String> checkpoint, List<LoraTag> loras) {
    }

    private final Map<String, JsonNode> nodes;

    private ComfyWorkflow(Map<String, JsonNode> nodes) {
        this.nodes = nodes;
    }

    /**
     * @throws ImageReadException if the text is not JSON, not a node graph, or the graph has no KSampler
     */
    public static ComfyRecipe parse(String json) throws ImageReadException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ImageReadException("the ComfyUI workflow is not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        Map<String, JsonNode> nodes = new LinkedHashMap<>();
        if (root != null) {
            root.properties().stream()
                    .filter(field -> field.getValue().path("class_type").isTextual())
                    .forEach(field -> nodes.put(field.getKey(), field.getValue()));
        }
        if (nodes.isEmpty()) {
            throw new ImageReadException("the ComfyUI metadata is not an API-format node graph (no nodes with a class_type)");
        }
        return new ComfyWorkflow(nodes).recipe();
    }

    private ComfyRecipe recipe() throws ImageReadException {
        JsonNode inputs = pickSampler().orElseThrow(() -> new ImageReadException(
                "the ComfyUI workflow has no KSampler node, so its settings cannot be read")).path("inputs");
        ModelChain model = modelChain(inputs.get("model"));
        JsonNode latent = linked(inputs.get("latent_image")).map(node -> node.path("inputs")).orElse(MissingNode.getInstance());
        Optional<String> sampler = text(inputs, "sampler_name")
                .map(name -> SamplerNames.toA1111(name, text(inputs, "scheduler").orElse(null)));
        return new ComfyRecipe(
                promptText(inputs.get("positive")),
                promptText(inputs.get("negative")),
                model.checkpoint(),
                model.loras(),
                sampler,
                count(inputs, "steps"),
                decimal(inputs, "cfg"),
                whole(inputs, "seed").or(() -> whole(inputs, "noise_seed")),
                count(latent, "width"),
                count(latent, "height"));
    }

    /** The first sampler fed by an empty latent (the base pass of a hires-fix graph), else the first sampler. */
    private Optional<JsonNode> pickSampler() {
        List<JsonNode> samplers = nodes.values().stream()
                .filter(node -> SAMPLERS.contains(node.path("class_type").asText()))
                .toList();
        return samplers.stream()
                .filter(node -> linked(node.path("inputs").get("latent_image"))
                        .filter(latent -> latent.path("inputs").has("width")).isPresent())
                .findFirst()
                .or(() -> samplers.stream().findFirst());
    }

    /** Walks model links from the sampler back to the checkpoint, collecting LoRA loaders on the way. */
    private ModelChain modelChain(JsonNode modelLink) {
        Deque<LoraTag> loras = new ArrayDeque<>();
        Optional<JsonNode> node = linked(modelLink);
        for (int hop = 0; node.isPresent() && hop < MAX_HOPS; hop++) {
            JsonNode inputs = node.get().path("inputs");
            Optional<String> checkpoint = text(inputs, "ckpt_name").or(() -> text(inputs, "unet_name"));
            if (checkpoint.isPresent()) {
                return new ModelChain(checkpoint.map(ComfyWorkflow::baseName), List.copyOf(loras));
            }
            // walking backwards meets the last-applied LoRA first, so prepend to keep application order
            text(inputs, "lora_name").ifPresent(lora ->
                    loras.addFirst(new LoraTag(baseName(lora), decimal(inputs, "strength_model").orElse(1.0))));
            node = linked(inputs.get("model"));
        }
        return new ModelChain(Optional.empty(), List.copyOf(loras));
    }

    /** Follows a conditioning link to the text encoder, passing through nodes that forward "conditioning". */
    private String promptText(JsonNode conditioningLink) {
        Optional<JsonNode> node = linked(conditioningLink);
        for (int hop = 0; node.isPresent() && hop < MAX_HOPS; hop++) {
            JsonNode inputs = node.get().path("inputs");
            Optional<String> text = text(inputs, "text").or(() -> text(inputs, "text_g"));
            if (text.isPresent()) {
                return text.get();
            }
            node = linked(inputs.get("text")).or(() -> linked(inputs.get("conditioning")));
        }
        return "";
    }

    private Optional<JsonNode> linked(JsonNode link) {
        if (link == null || !link.isArray() || link.size() != 2 || !link.get(0).isValueNode()) {
            return Optional.empty();
        }
        return Optional.ofNullable(nodes.get(link.get(0).asText()));
    }

    private static Optional<String> text(JsonNode inputs, String key) {
        return Optional.ofNullable(inputs.get(key)).filter(JsonNode::isTextual).map(JsonNode::asText)
                .filter(s -> !s.isBlank());
    }

    private static Optional<Long> whole(JsonNode inputs, String key) {
        // ComfyUI seeds go up to 2^64-1; one that does not fit a long is reported as absent rather than wrapped
        return Optional.ofNullable(inputs.get(key)).filter(v -> v.isIntegralNumber() && v.canConvertToLong())
                .map(JsonNode::longValue);
    }

    private static Optional<Integer> count(JsonNode inputs, String key) {
        return whole(inputs, key).filter(v -> v == v.intValue()).map(Long::intValue);
    }

    private static Optional<Double> decimal(JsonNode inputs, String key) {
        return Optional.ofNullable(inputs.get(key)).filter(JsonNode::isNumber).map(JsonNode::doubleValue)
                .filter(Double::isFinite);
    }

    /** "SDXL/dreamshaper_8.safetensors" -> "dreamshaper_8"; a name that would end up empty is kept whole. */
    private static String baseName(String path) {
        String name = MODEL_EXTENSION.matcher(FOLDERS.matcher(path).replaceFirst("")).replaceFirst("");
        return name.isBlank() ? path : name;
    }
}
