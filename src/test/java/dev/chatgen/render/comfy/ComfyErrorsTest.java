package dev.chatgen.render.comfy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatgen.render.InstalledModels;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading ComfyUI's error bodies and history entries, including shapes older and newer servers write. */
class ComfyErrorsTest {
    private static JsonNode json(String text) throws Exception {
        return FakeComfyUi.JSON.readTree(text.replace('\'', '"'));
    }

    private static ObjectNode graph() {
        InstalledModels installed = InstalledModels.of(List.of("realisticVisionV51_v51VAE.safetensors"), List.of("add_detail.safetensors"));
        return ComfyGraph.build(Plans.withLora(), 1, ModelFiles.resolve(Plans.withLora(), installed),
                SamplerChoice.of("Euler a").sampler(), Optional.empty()).prompt();
    }

    private static GraphValidator.Result validate(ObjectNode prompt, List<String> loras) {
        return new GraphValidator(prompt, (node, input) -> {
            Supplier<List<String>> none = List::of;
            return switch (input) {
                case "ckpt_name" -> () -> List.of("realisticVisionV51_v51VAE.safetensors");
                case "lora_name" -> () -> loras;
                case "sampler_name" -> () -> List.of("euler_ancestral");
                case "scheduler" -> () -> List.of("normal");
                default -> none;
            };
        }).validate();
    }

    @Test
    void theFakesValidatorAcceptsTheBackendsGraphAndNamesAMissingLora() {
        assertTrue(validate(graph(), List.of("add_detail.safetensors")).valid());

        GraphValidator.Result result = validate(graph(), List.of("other.safetensors"));
        assertFalse(result.valid());
        JsonNode body = result.errorBody();
        assertEquals("prompt_outputs_failed_validation", body.path("error").path("type").asText());
        JsonNode loader = body.path("node_errors").path("2");
        assertEquals("LoraLoader", loader.path("class_type").asText());
        assertEquals("lora_name: 'add_detail.safetensors' not in ['other.safetensors']",
                loader.path("errors").path(0).path("details").asText());
        assertEquals("ComfyUI does not have the LoRA add_detail.safetensors.", ComfyErrors.rejection(body));
    }

    @Test
    void aLinkToAMissingNodeIsRejectedLikeComfyUiDoes() {
        ObjectNode prompt = graph();
        ((ObjectNode) prompt.path("7").path("inputs")).putArray("samples").add("42").add(0); // VAEDecode <- nowhere
        GraphValidator.Result result = validate(prompt, List.of("add_detail.safetensors"));
        assertFalse(result.valid());
        assertEquals("exception_during_validation", result.errorBody().path("node_errors").path("8").path("errors").path(0).path("type").asText());
        assertEquals("ComfyUI refused SaveImage (node 8): Exception when validating node: '42'.", ComfyErrors.rejection(result.errorBody()));
    }

    @Test
    void longChoiceListsAreLeftOutButTheValueIsStillNamed() throws Exception {
        // validate_inputs sends no input_config for lists over 20 entries; older servers send no extra_info at all.
        JsonNode body = FakeComfyUi.JSON.readTree("""
                {"error": {"type": "prompt_outputs_failed_validation", "message": "Prompt outputs failed validation",
                           "details": "", "extra_info": {}},
                 "node_errors": {"4": {"errors": [{"type": "value_not_in_list", "message": "Value not in list",
                                                   "details": "ckpt_name: 'sdxl.safetensors' not in (list of length 42)"}],
                                       "dependent_outputs": ["9"], "class_type": "CheckpointLoaderSimple"}}}
                """);
        assertEquals("ComfyUI does not have the checkpoint sdxl.safetensors.", ComfyErrors.rejection(body));
    }

    @Test
    void rejectionsWithoutNodeErrorsUseTheTopLevelError() throws Exception {
        JsonNode missingNode = FakeComfyUi.JSON.readTree("""
                {"error": {"type": "invalid_prompt", "message": "Cannot execute because node FaceDetailer does not exist.",
                           "details": "Node ID '#12'", "extra_info": {}},
                 "node_errors": {}}
                """);
        assertEquals("ComfyUI refused the job: Cannot execute because node FaceDetailer does not exist.: Node ID '#12'.",
                ComfyErrors.rejection(missingNode));
        JsonNode old = json("{'error': 'no prompt', 'node_errors': []}");
        assertEquals("ComfyUI refused the job: no prompt.", ComfyErrors.rejection(old));
    }

    @Test
    void historyEntriesOfOldAndNewServersAreRead() throws Exception {
        JsonNode absent = json("{}");
        assertEquals(ComfyHistory.State.NOT_FINISHED, ComfyHistory.read(absent, "p1", "9").state());

        // Before the status field: an entry means it finished.
        JsonNode old = json("{'p1': {'prompt': [0, 'p1', {}, {}, ['9']], 'outputs': {'9': {'images': "
                + "[{'filename': 'chatgen_00007_.png', 'subfolder': 'day1', 'type': 'output'}]}}}}");
        ComfyHistory.Entry entry = ComfyHistory.read(old, "p1", "9");
        assertEquals(ComfyHistory.State.SUCCEEDED, entry.state());
        assertEquals(new ComfyHistory.ImageRef("chatgen_00007_.png", "day1", "output"), entry.image().orElseThrow());
        assertEquals("?filename=chatgen_00007_.png&subfolder=day1&type=output", entry.image().orElseThrow().viewQuery());

        JsonNode failedWithoutReason = json("{'p1': {'outputs': {}, 'status': {'status_str': 'error', 'completed': false, 'messages': []}}}");
        assertEquals(ComfyHistory.State.FAILED, ComfyHistory.read(failedWithoutReason, "p1", "9").state());

        JsonNode queue = json("{'queue_running': [[3, 'p2', {}, {}, ['9']]], 'queue_pending': [[4, 'p1', {}, {}, ['9'], {}]]}");
        assertEquals(ComfyHistory.QueueState.PENDING, ComfyHistory.queueState(queue, "p1"));
        assertEquals(ComfyHistory.QueueState.RUNNING, ComfyHistory.queueState(queue, "p2"));
        assertEquals(ComfyHistory.QueueState.ABSENT, ComfyHistory.queueState(queue, "p3"));
    }
}
