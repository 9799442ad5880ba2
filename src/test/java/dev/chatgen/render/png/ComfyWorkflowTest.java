package dev.chatgen.render.png;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComfyWorkflowTest {

    /** ComfyUI's default text-to-image graph in API format, as its "prompt" PNG chunk holds it. */
    static final String DEFAULT_GRAPH = """
            {"3": {"class_type": "KSampler", "inputs": {"seed": 156680208700286, "steps": 20, "cfg": 8.0,
                   "sampler_name": "dpmpp_2m", "scheduler": "karras", "denoise": 1.0,
                   "model": ["4", 0], "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}},
             "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "dreamshaper_8.safetensors"}},
             "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 512, "height": 768, "batch_size": 1}},
             "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a lighthouse at dawn, <soft light>", "clip": ["4", 1]}},
             "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "blurry, text", "clip": ["4", 1]}},
             "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["4", 2]}},
             "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]}}}""";

    @Test
    void parse_defaultGraph_readsEverySetting() throws Exception {
        ComfyRecipe recipe = ComfyWorkflow.parse(DEFAULT_GRAPH);

        assertEquals("a lighthouse at dawn, <soft light>", recipe.prompt());
        assertEquals("blurry, text", recipe.negativePrompt());
        assertEquals(Optional.of("dreamshaper_8"), recipe.checkpoint());
        assertEquals(List.of(), recipe.loras());
        assertEquals(Optional.of("DPM++ 2M Karras"), recipe.sampler());
        assertEquals(Optional.of(20), recipe.steps());
        assertEquals(Optional.of(8.0), recipe.cfg());
        assertEquals(Optional.of(156680208700286L), recipe.seed());
        assertEquals(Optional.of(512), recipe.width());
        assertEquals(Optional.of(768), recipe.height());
    }

    @Test
    void parse_twoChainedLoras_listsThemInApplicationOrder() throws Exception {
        String graph = """
                {"3": {"class_type": "KSampler", "inputs": {"seed": 1, "steps": 25, "cfg": 6.5, "sampler_name": "euler_ancestral",
                       "scheduler": "normal", "model": ["11", 0], "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}},
                 "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "SDXL\\\\juggernautXL_v9.safetensors"}},
                 "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 1024, "height": 1024, "batch_size": 1}},
                 "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "pixel art castle", "clip": ["11", 1]}},
                 "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "", "clip": ["11", 1]}},
                 "10": {"class_type": "LoraLoader", "inputs": {"lora_name": "styles/pixel-art-xl.safetensors",
                        "strength_model": 0.9, "strength_clip": 1.0, "model": ["4", 0], "clip": ["4", 1]}},
                 "11": {"class_type": "LoraLoader", "inputs": {"lora_name": "add_detail.safetensors",
                        "strength_model": 0.5, "strength_clip": 0.5, "model": ["10", 0], "clip": ["10", 1]}}}""";

        ComfyRecipe recipe = ComfyWorkflow.parse(graph);

        assertEquals(List.of(new LoraTag("pixel-art-xl", 0.9), new LoraTag("add_detail", 0.5)), recipe.loras());
        assertEquals(Optional.of("juggernautXL_v9"), recipe.checkpoint());
        assertEquals(Optional.of("Euler a"), recipe.sampler());
        assertEquals("", recipe.negativePrompt());
    }

    @Test
    void parse_kSamplerAdvanced_readsNoiseSeed() throws Exception {
        String graph = DEFAULT_GRAPH.replace("\"KSampler\"", "\"KSamplerAdvanced\"").replace("\"seed\"", "\"noise_seed\"");

        assertEquals(Optional.of(156680208700286L), ComfyWorkflow.parse(graph).seed());
    }

    @Test
    void parse_conditioningThroughIntermediateNode_findsPromptText() throws Exception {
        String graph = DEFAULT_GRAPH.replace("\"positive\": [\"6\", 0]", "\"positive\": [\"20\", 0]")
                .replace("\"3\": {", """
                        "20": {"class_type": "ControlNetApply", "inputs": {"conditioning": ["6", 0], "strength": 1.0}},
                        "3": {""");

        assertEquals("a lighthouse at dawn, <soft light>", ComfyWorkflow.parse(graph).prompt());
    }

    @Test
    void parse_linkedNodesMissing_leavesThoseFieldsEmpty() throws Exception {
        String graph = """
                {"3": {"class_type": "KSampler", "inputs": {"seed": 7, "steps": 30, "cfg": 5, "sampler_name": "dpmpp_2m",
                       "scheduler": "exponential", "model": ["4", 0], "positive": ["6", 0], "negative": ["7", 0],
                       "latent_image": ["5", 0]}}}""";

        ComfyRecipe recipe = ComfyWorkflow.parse(graph);

        assertEquals("", recipe.prompt());
        assertEquals("", recipe.negativePrompt());
        assertEquals(Optional.empty(), recipe.checkpoint());
        assertEquals(Optional.empty(), recipe.width());
        assertEquals(Optional.of("dpmpp_2m (exponential)"), recipe.sampler());
        assertEquals(Optional.of(30), recipe.steps());
    }

    @Test
    void parse_valuesFedByLinks_areEmptyNotMisread() throws Exception {
        String graph = DEFAULT_GRAPH.replace("\"seed\": 156680208700286", "\"seed\": [\"30\", 0]")
                .replace("\"steps\": 20", "\"steps\": 99999999999");

        ComfyRecipe recipe = ComfyWorkflow.parse(graph);

        assertEquals(Optional.empty(), recipe.seed());
        assertEquals(Optional.empty(), recipe.steps());
    }

    @Test
    void parse_noSamplerNode_throws() {
        String graph = """
                {"4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "x.safetensors"}}}""";

        ImageReadException e = assertThrows(ImageReadException.class, () -> ComfyWorkflow.parse(graph));
        assertTrue(e.getMessage().contains("no KSampler"), e.getMessage());
    }

    @Test
    void parse_malformedJson_throwsClearMessage() {
        ImageReadException e = assertThrows(ImageReadException.class, () -> ComfyWorkflow.parse("{\"3\": {\"class_type\": "));

        assertTrue(e.getMessage().startsWith("the ComfyUI workflow is not valid JSON"), e.getMessage());
    }

    @Test
    void parse_jsonThatIsNotANodeGraph_throws() {
        ImageReadException e = assertThrows(ImageReadException.class, () -> ComfyWorkflow.parse("{\"prompt\": \"a cat\"}"));

        assertTrue(e.getMessage().contains("not an API-format node graph"), e.getMessage());
    }
}
