package dev.chatgen.render.comfy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatgen.catalog.GenArgs;
import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.render.png.SamplerNames.ComfySampler;

import java.math.BigInteger;
import java.util.Optional;

/**
 * A plan as ComfyUI's API-format prompt: node id -> {"class_type", "inputs"}, where an input
 * {@code ["1", 0]} is output 0 of node "1". The chain is the stock text-to-image graph:
 * checkpoint -> LoRA loaders (each taking model and clip from the one before) -> two text encoders ->
 * KSampler (on an empty latent, or on the uploaded picture scaled to size and VAE-encoded) -> VAE decode -> save.
 */
final class ComfyGraph {
    /** SaveImage writes "chatgen_00001_.png" and so on into ComfyUI's output folder. */
    static final String FILENAME_PREFIX = "chatgen";
    /** How much of the attached picture img2img repaints: A1111's default denoising strength. */
    static final double IMG2IMG_DENOISE = 0.75;

    // Output slots of the stock nodes, as their RETURN_TYPES order them.
    private static final int MODEL = 0;
    private static final int CLIP = 1;
    private static final int VAE = 2;
    private static final int FIRST = 0;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode prompt = NODES.objectNode();
    private int nextId = 1;
    private String samplerNode;
    private String saveNode;
    private double denoise;

    private ComfyGraph() {
    }

    /**
     * @param startImage the name LoadImage knows an uploaded picture by, for img2img; empty for text-to-image
     */
    static ComfyGraph build(GenerationPlan plan, long seed, ModelFiles files, ComfySampler sampler,
                            Optional<String> startImage) {
        ComfyGraph graph = new ComfyGraph();
        graph.chain(plan, seed, files, sampler, startImage);
        return graph;
    }

    /** The prompt graph, for POST /prompt (a copy: the graph stays as built). */
    ObjectNode prompt() {
        return prompt.deepCopy();
    }

    String samplerNode() {
        return samplerNode;
    }

    /** The SaveImage node, whose entry in the history's outputs lists the saved picture. */
    String saveNode() {
        return saveNode;
    }

    double denoise() {
        return denoise;
    }

    /** ComfyUI takes seeds 0..2^64-1: a negative long is sent as its unsigned value, which is the same 64 bits. */
    static String seedText(long seed) {
        return Long.toUnsignedString(seed);
    }

    private void chain(GenerationPlan plan, long seed, ModelFiles files, ComfySampler sampler, Optional<String> startImage) {
        GenArgs args = plan.args();
        String checkpoint = add("CheckpointLoaderSimple", inputs("ckpt_name", files.checkpoint()));
        // LoraLoader returns (MODEL, CLIP) in the same slots as the checkpoint loader, so only the node changes.
        String modelFrom = checkpoint;
        String clipFrom = checkpoint;
        for (ModelFiles.Lora lora : files.loras()) {
            double strength = lora.model().effectiveLoraWeight();
            String loader = add("LoraLoader", inputs(
                    "model", link(modelFrom, MODEL),
                    "clip", link(clipFrom, CLIP),
                    "lora_name", lora.file(),
                    "strength_model", strength,
                    "strength_clip", strength));
            modelFrom = loader;
            clipFrom = loader;
        }
        String positive = add("CLIPTextEncode", inputs(
                "text", PromptText.withoutExtraNetworks(plan.prompt()),
                "clip", link(clipFrom, CLIP)));
        String negative = add("CLIPTextEncode", inputs(
                "text", PromptText.withoutExtraNetworks(plan.negativePrompt()),
                "clip", link(clipFrom, CLIP)));
        String latent;
        if (startImage.isPresent()) {
            String load = add("LoadImage", inputs("image", startImage.get()));
            // The attached picture comes in any size; scale and centre-crop it to the planned one, as A1111 img2img does.
            String scaled = add("ImageScale", inputs(
                    "image", link(load, FIRST),
                    "upscale_method", "lanczos",
                    "width", args.width(),
                    "height", args.height(),
                    "crop", "center"));
            latent = add("VAEEncode", inputs("pixels", link(scaled, FIRST), "vae", link(checkpoint, VAE)));
            denoise = IMG2IMG_DENOISE;
        } else {
            latent = add("EmptyLatentImage", inputs("width", args.width(), "height", args.height(), "batch_size", 1));
            denoise = 1.0;
        }
        samplerNode = add("KSampler", inputs(
                "model", link(modelFrom, MODEL),
                "seed", new BigInteger(seedText(seed)),
                "steps", args.steps(),
                "cfg", args.cfgScale(),
                "sampler_name", sampler.samplerName(),
                "scheduler", sampler.scheduler(),
                "positive", link(positive, FIRST),
                "negative", link(negative, FIRST),
                "latent_image", link(latent, FIRST),
                "denoise", denoise));
        String decoded = add("VAEDecode", inputs("samples", link(samplerNode, FIRST), "vae", link(checkpoint, VAE)));
        saveNode = add("SaveImage", inputs("images", link(decoded, FIRST), "filename_prefix", FILENAME_PREFIX));
    }

    /** An inputs object from name, value pairs; values are links, text or numbers. */
    private static ObjectNode inputs(Object... namesAndValues) {
        ObjectNode inputs = NODES.objectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            inputs.set((String) namesAndValues[i], value(namesAndValues[i + 1]));
        }
        return inputs;
    }

    private static JsonNode value(Object value) {
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof Integer number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Double number) {
            return NODES.numberNode(number);
        }
        if (value instanceof BigInteger number) {
            return NODES.numberNode(number);
        }
        throw new IllegalArgumentException("not a graph input value: " + value);
    }

    private String add(String classType, ObjectNode inputs) {
        String id = String.valueOf(nextId++);
        ObjectNode node = prompt.putObject(id);
        node.put("class_type", classType);
        node.set("inputs", inputs);
        return id;
    }

    private static ArrayNode link(String node, int output) {
        return NODES.arrayNode().add(node).add(output);
    }
}
