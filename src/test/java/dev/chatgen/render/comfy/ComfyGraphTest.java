package dev.chatgen.render.comfy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgen.catalog.GenArgs;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.render.InstalledModels;
import dev.chatgen.render.RenderFailedException;
import dev.chatgen.render.png.ComfyRecipe;
import dev.chatgen.render.png.ComfyWorkflow;
import dev.chatgen.render.png.LoraTag;
import dev.chatgen.render.png.SamplerNames.ComfySampler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComfyGraphTest {
    private static final InstalledModels INSTALLED = InstalledModels.of(
            List.of("SD1.5/realisticVisionV51_v51VAE.safetensors", "epicrealism_naturalSinRC1VAE.safetensors"),
            List.of("add_detail.safetensors", "epi_noiseoffset2.safetensors"));

    private static ComfyGraph graph(GenerationPlan plan, long seed, Optional<String> startImage) {
        return ComfyGraph.build(plan, seed, ModelFiles.resolve(plan, INSTALLED),
                SamplerChoice.of(plan.args().sampler()).sampler(), startImage);
    }

    private static Map<String, String> classes(JsonNode prompt) {
        Map<String, String> classes = new TreeMap<>();
        prompt.properties().forEach(n -> classes.put(n.getKey(), n.getValue().path("class_type").asText()));
        return classes;
    }

    private static JsonNode only(JsonNode prompt, String classType) {
        List<JsonNode> found = new ArrayList<>();
        prompt.forEach(n -> {
            if (n.path("class_type").asText().equals(classType)) {
                found.add(n.path("inputs"));
            }
        });
        assertEquals(1, found.size(), "one " + classType);
        return found.get(0);
    }

    private static String link(JsonNode input) {
        assertTrue(input.isArray() && input.size() == 2 && input.get(0).isTextual() && input.get(1).isInt(),
                "a link is [\"node id\", output index]: " + input);
        return input.get(0).asText() + ":" + input.get(1).asInt();
    }

    @Test
    void checkpointOnlyPlanIsTheStockTextToImageGraph() {
        GenerationPlan plan = Plans.checkpointOnly();
        ComfyGraph graph = graph(plan, 1234, Optional.empty());
        JsonNode prompt = graph.prompt();

        assertEquals(List.of("CLIPTextEncode", "CLIPTextEncode", "CheckpointLoaderSimple", "EmptyLatentImage", "KSampler",
                "SaveImage", "VAEDecode"), classes(prompt).values().stream().sorted().toList());
        String ckpt = idOf(prompt, "CheckpointLoaderSimple");
        assertEquals("SD1.5/realisticVisionV51_v51VAE.safetensors", only(prompt, "CheckpointLoaderSimple").path("ckpt_name").asText());

        JsonNode sampler = prompt.path(graph.samplerNode()).path("inputs");
        assertEquals("KSampler", prompt.path(graph.samplerNode()).path("class_type").asText());
        assertEquals(ckpt + ":0", link(sampler.get("model")));
        assertEquals(1234, sampler.path("seed").asLong());
        assertEquals(25, sampler.path("steps").asInt());
        assertEquals(6.5, sampler.path("cfg").asDouble());
        assertEquals("dpmpp_2m", sampler.path("sampler_name").asText());
        assertEquals("karras", sampler.path("scheduler").asText());
        assertEquals(1.0, sampler.path("denoise").asDouble());

        JsonNode positive = prompt.path(link(sampler.get("positive")).split(":")[0]).path("inputs");
        JsonNode negative = prompt.path(link(sampler.get("negative")).split(":")[0]).path("inputs");
        assertEquals(plan.prompt(), positive.path("text").asText());
        assertEquals("cgi, 3d, cartoon", negative.path("text").asText());
        assertEquals(ckpt + ":1", link(positive.get("clip")));
        assertEquals(ckpt + ":1", link(negative.get("clip")));

        JsonNode latent = prompt.path(link(sampler.get("latent_image")).split(":")[0]);
        assertEquals("EmptyLatentImage", latent.path("class_type").asText());
        assertEquals(512, latent.path("inputs").path("width").asInt());
        assertEquals(768, latent.path("inputs").path("height").asInt());
        assertEquals(1, latent.path("inputs").path("batch_size").asInt());

        JsonNode decode = only(prompt, "VAEDecode");
        assertEquals(graph.samplerNode() + ":0", link(decode.get("samples")));
        assertEquals(ckpt + ":2", link(decode.get("vae")));
        JsonNode save = prompt.path(graph.saveNode());
        assertEquals("SaveImage", save.path("class_type").asText());
        assertEquals(idOf(prompt, "VAEDecode") + ":0", link(save.path("inputs").get("images")));
        assertEquals("chatgen", save.path("inputs").path("filename_prefix").asText());
    }

    @Test
    void loraLoadersChainModelAndClipAndTheirTagsLeaveTheText() {
        T2IModel detail = Plans.model("add_detail");
        T2IModel noise = Plans.model("epi_noiseoffset2");
        GenerationPlan plan = new GenerationPlan("RAW photo, a night market, " + detail.loraTag() + ", neon, " + noise.loraTag(),
                "blurry", detail, Plans.model("realisticVisionV51_v51VAE"), List.of(detail, noise),
                new GenArgs("Euler a", 20, 7, 512, 512));
        ComfyGraph graph = graph(plan, 7, Optional.empty());
        JsonNode prompt = graph.prompt();

        String ckpt = idOf(prompt, "CheckpointLoaderSimple");
        List<String> loaders = new ArrayList<>();
        prompt.properties().forEach(n -> {
            if (n.getValue().path("class_type").asText().equals("LoraLoader")) {
                loaders.add(n.getKey());
            }
        });
        assertEquals(2, loaders.size());
        JsonNode first = prompt.path(loaders.get(0)).path("inputs");
        JsonNode second = prompt.path(loaders.get(1)).path("inputs");
        assertEquals("add_detail.safetensors", first.path("lora_name").asText());
        assertEquals(0.5, first.path("strength_model").asDouble());
        assertEquals(0.5, first.path("strength_clip").asDouble());
        assertEquals(ckpt + ":0", link(first.get("model")));
        assertEquals(ckpt + ":1", link(first.get("clip")));
        assertEquals("epi_noiseoffset2.safetensors", second.path("lora_name").asText());
        assertEquals(0.8, second.path("strength_model").asDouble());
        assertEquals(loaders.get(0) + ":0", link(second.get("model")));
        assertEquals(loaders.get(0) + ":1", link(second.get("clip")));

        JsonNode sampler = prompt.path(graph.samplerNode()).path("inputs");
        assertEquals(loaders.get(1) + ":0", link(sampler.get("model")), "the sampler uses the last LoRA's model");
        JsonNode positive = prompt.path(link(sampler.get("positive")).split(":")[0]).path("inputs");
        assertEquals(loaders.get(1) + ":1", link(positive.get("clip")), "the text is encoded with the last LoRA's clip");
        assertEquals("RAW photo, a night market, neon", positive.path("text").asText());
        assertFalse(positive.path("text").asText().contains("<lora"));
        assertEquals("euler_ancestral", sampler.path("sampler_name").asText());
        assertEquals("normal", sampler.path("scheduler").asText());
        assertEquals(ckpt + ":2", link(only(prompt, "VAEDecode").get("vae")), "the VAE stays the checkpoint's");
    }

    @Test
    void projectsComfyReaderReadsThePlanBackFromTheGraph() throws Exception {
        GenerationPlan plan = Plans.withLora();
        ComfyRecipe recipe = ComfyWorkflow.parse(graph(plan, 99, Optional.empty()).prompt().toString());

        assertEquals(Optional.of("realisticVisionV51_v51VAE"), recipe.checkpoint());
        assertEquals(List.of(new LoraTag("add_detail", 0.5)), recipe.loras());
        assertEquals(Optional.of("DPM++ SDE Karras"), recipe.sampler());
        assertEquals(Optional.of(30), recipe.steps());
        assertEquals(Optional.of(5.0), recipe.cfg());
        assertEquals(Optional.of(99L), recipe.seed());
        assertEquals(Optional.of(768), recipe.width());
        assertEquals(Optional.of(512), recipe.height());
        assertEquals("RAW photo, a fishing harbour at dawn", recipe.prompt());
        assertEquals("blurry, lowres", recipe.negativePrompt());
    }

    @Test
    void img2imgLoadsTheUploadScalesItToSizeAndEncodesItWithTheCheckpointsVae() {
        GenerationPlan plan = Plans.checkpointOnly();
        ComfyGraph graph = graph(plan, 5, Optional.of("chatgen_abc.png"));
        JsonNode prompt = graph.prompt();

        String ckpt = idOf(prompt, "CheckpointLoaderSimple");
        assertFalse(classes(prompt).containsValue("EmptyLatentImage"));
        assertEquals("chatgen_abc.png", only(prompt, "LoadImage").path("image").asText());
        JsonNode scale = only(prompt, "ImageScale");
        assertEquals(idOf(prompt, "LoadImage") + ":0", link(scale.get("image")));
        assertEquals(512, scale.path("width").asInt());
        assertEquals(768, scale.path("height").asInt());
        assertEquals("center", scale.path("crop").asText());
        JsonNode encode = only(prompt, "VAEEncode");
        assertEquals(idOf(prompt, "ImageScale") + ":0", link(encode.get("pixels")));
        assertEquals(ckpt + ":2", link(encode.get("vae")));
        JsonNode sampler = prompt.path(graph.samplerNode()).path("inputs");
        assertEquals(idOf(prompt, "VAEEncode") + ":0", link(sampler.get("latent_image")));
        assertEquals(0.75, sampler.path("denoise").asDouble());
        assertEquals(0.75, graph.denoise());
    }

    @Test
    void everyLinkPointsAtAnExistingNodeOutput() {
        for (Optional<String> start : List.of(Optional.<String>empty(), Optional.of("x.png"))) {
            JsonNode prompt = graph(Plans.withLora(), 1, start).prompt();
            prompt.forEach(node -> node.path("inputs").forEach(input -> {
                if (input.isArray()) {
                    assertTrue(prompt.has(input.get(0).asText()), "link to a missing node: " + input);
                }
            }));
        }
    }

    @Test
    void samplersMapToComfyPairsAndUnknownOnesFallBackWithANote() {
        assertEquals(new ComfySampler("euler_ancestral", "normal"), SamplerChoice.of("Euler a").sampler());
        assertEquals(new ComfySampler("dpmpp_sde", "karras"), SamplerChoice.of("DPM++ SDE Karras").sampler());
        assertEquals(new ComfySampler("dpmpp_2m_sde", "exponential"), SamplerChoice.of("DPM++ 2M SDE Exponential").sampler());
        assertEquals(new ComfySampler("euler_ancestral", "karras"), SamplerChoice.of("Euler a Karras").sampler(),
                "a schedule word A1111 appends maps to the scheduler");
        assertTrue(SamplerChoice.of("DPM++ 2M Karras").note().isEmpty());
        assertEquals("DPM++ 2M Karras", SamplerChoice.of("dpm++ 2m karras").a1111Name());
        assertEquals("dpmpp_2m karras", SamplerChoice.of("DPM++ 2M Karras").serverName());

        SamplerChoice restart = SamplerChoice.of("Restart");
        assertEquals(SamplerChoice.FALLBACK, restart.sampler());
        assertTrue(restart.note().orElseThrow().contains("Restart"), restart.note().toString());
    }

    @Test
    void negativeSeedsAreSentAsTheirUnsigned64BitValue() {
        ComfyGraph graph = graph(Plans.checkpointOnly(), -1, Optional.empty());
        JsonNode seed = graph.prompt().path(graph.samplerNode()).path("inputs").path("seed");
        assertEquals("18446744073709551615", seed.bigIntegerValue().toString());
    }

    @Test
    void extraNetworkTagsLeaveThePromptTidy() {
        assertEquals("RAW photo, a cat", PromptText.withoutExtraNetworks("RAW photo, a cat, <lora:add_detail:0.5>"));
        assertEquals("a, b", PromptText.withoutExtraNetworks("a, <lora:x:1>, b"));
        assertEquals("a b", PromptText.withoutExtraNetworks("a <LORA:x:0.7> b"));
        assertEquals("style, a dog", PromptText.withoutExtraNetworks("<lora:s:1> style, <lyco:t:0.3>, a dog"));
        assertEquals("line one\nline two", PromptText.withoutExtraNetworks("line one\nline two"));
        assertEquals("", PromptText.withoutExtraNetworks("<lora:only:1>"));
    }

    @Test
    void modelsTheServerLacksAreNamedBeforeAnythingIsSent() {
        InstalledModels without = InstalledModels.of(List.of("dreamshaper_8.safetensors"), List.of());
        RenderFailedException e = assertThrows(RenderFailedException.class, () -> ModelFiles.resolve(Plans.withLora(), without));
        assertTrue(e.getMessage().contains("checkpoint Realistic Vision V5.1 (realisticVisionV51_v51VAE)"), e.getMessage());
        assertTrue(e.getMessage().contains("LoRA Detail Tweaker LoRA 1.0 (add_detail)"), e.getMessage());
    }

    private static String idOf(JsonNode prompt, String classType) {
        for (Map.Entry<String, JsonNode> node : prompt.properties()) {
            if (node.getValue().path("class_type").asText().equals(classType)) {
                return node.getKey();
            }
        }
        throw new AssertionError("no " + classType);
    }
}
