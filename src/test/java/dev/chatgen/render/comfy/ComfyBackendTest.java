package dev.chatgen.render.comfy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgen.chat.Attachment;
import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.render.BackendUnavailableException;
import dev.chatgen.render.InstalledModels;
import dev.chatgen.render.RenderFailedException;
import dev.chatgen.render.RenderRequest;
import dev.chatgen.render.RenderedImage;
import dev.chatgen.render.png.A1111Infotext;
import dev.chatgen.render.png.ComfyWorkflow;
import dev.chatgen.render.png.LoraTag;
import dev.chatgen.render.png.PngChunks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComfyBackendTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private FakeComfyUi comfy;
    private ComfyBackend backend;
    private final List<Integer> progress = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService worker = Executors.newSingleThreadExecutor();

    @BeforeEach
    void start() throws Exception {
        comfy = new FakeComfyUi();
        backend = backend(comfy.url(), Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws Exception {
        worker.shutdownNow();
        backend.close();
        comfy.close();
    }

    private static ComfyBackend backend(URI url, Duration requestTimeout, Duration renderTimeout) {
        return new ComfyBackend(url, HTTP, requestTimeout, Duration.ofMillis(10), renderTimeout);
    }

    private RenderedImage render(GenerationPlan plan, long seed) {
        return backend.render(RenderRequest.of(plan, seed), progress::add);
    }

    private static JsonNode node(JsonNode prompt, String classType) {
        for (JsonNode node : prompt) {
            if (node.path("class_type").asText().equals(classType)) {
                return node.path("inputs");
            }
        }
        throw new AssertionError("no " + classType + " in " + prompt);
    }

    @Test
    void rendersACheckpointPlanAndSaysWhatRan() {
        RenderedImage image = render(Plans.checkpointOnly(), 1234);

        JsonNode sent = comfy.requests("POST", "/prompt").get(0).json();
        assertEquals(backend.clientId(), sent.path("client_id").asText(), "queued under this instance's client id");
        JsonNode sampler = node(sent.path("prompt"), "KSampler");
        assertEquals("dpmpp_2m", sampler.path("sampler_name").asText());
        assertEquals("karras", sampler.path("scheduler").asText());
        assertEquals(1234, sampler.path("seed").asLong());
        assertEquals("realisticVisionV51_v51VAE.safetensors", node(sent.path("prompt"), "CheckpointLoaderSimple").path("ckpt_name").asText());

        assertEquals(512, image.width());
        assertEquals(768, image.height());
        assertEquals(new RenderedImage.Ran("realisticVisionV51_v51VAE.safetensors", "dpmpp_2m karras", 1234, List.of(), List.of()),
                image.ran());
        assertEquals(Optional.of("realisticVisionV51_v51VAE"), backend.loadedCheckpoint());
        assertTrue(comfy.requestsUnder("/history/").size() >= 3, "polled the history until the prompt finished");
        FakeComfyUi.Request view = comfy.requests("GET", "/view").get(0);
        assertEquals(Map.of("filename", "chatgen_00001_.png", "subfolder", "", "type", "output"), view.params());

        assertEquals(0, progress.get(0), "0 while the prompt waits in the queue");
        assertEquals(100, progress.get(progress.size() - 1));
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i) > progress.get(i - 1), "progress only rises: " + progress);
        }
    }

    @Test
    void thePngKeepsComfyUisChunksAndGainsA1111Parameters() throws Exception {
        comfy.extraPngText = Map.of("workflow", "{\"last_node_id\": 9, \"last_link_id\": 9, \"nodes\": [], \"links\": []}");
        GenerationPlan plan = Plans.withLora();
        RenderedImage image = render(plan, 42);

        byte[] saved = comfy.outputFile("chatgen_00001_.png");
        Map<String, String> original = PngChunks.readText(saved);
        Map<String, String> text = PngChunks.readText(image.png());
        assertEquals(original.get("prompt"), text.get("prompt"));
        assertEquals(original.get("workflow"), text.get("workflow"));
        assertEquals(Optional.of(42L), ComfyWorkflow.parse(text.get("prompt")).seed());

        A1111Infotext parameters = A1111Infotext.parse(text.get("parameters"));
        assertEquals(plan.prompt(), parameters.prompt(), "the prompt as planned, LoRA tag included");
        assertEquals("blurry, lowres", parameters.negativePrompt());
        assertEquals(Optional.of(30), parameters.steps());
        assertEquals(Optional.of(42L), parameters.seed());
        assertEquals(Optional.of("DPM++ SDE Karras"), parameters.sampler());
        assertEquals(Optional.of(5.0), parameters.cfgScale());
        assertEquals(Optional.of("realisticVisionV51_v51VAE"), parameters.model());
        assertEquals(Optional.of(768), parameters.width());
        assertEquals(Optional.of(512), parameters.height());
        assertEquals(List.of(new LoraTag("add_detail", 0.5)), parameters.loras());

        BufferedImage before = ImageIO.read(new ByteArrayInputStream(saved));
        BufferedImage after = ImageIO.read(new ByteArrayInputStream(image.png()));
        assertEquals(before.getRGB(700, 500), after.getRGB(700, 500), "the pixels are ComfyUI's");
    }

    @Test
    void aLoraPlanRunsTheLoaderChainWithTheTagsOutOfTheText() {
        RenderedImage image = render(Plans.withLora(), 3);

        JsonNode prompt = comfy.lastPrompt().path("prompt");
        JsonNode lora = node(prompt, "LoraLoader");
        assertEquals("add_detail.safetensors", lora.path("lora_name").asText());
        assertEquals(0.5, lora.path("strength_model").asDouble());
        assertEquals(0.5, lora.path("strength_clip").asDouble());
        for (JsonNode node : prompt) {
            assertFalse(node.path("inputs").path("text").asText().contains("<lora:"), "ComfyUI would read the tag as words");
        }
        assertEquals(List.of("add_detail.safetensors"), image.ran().loras());
        assertEquals("dpmpp_sde karras", image.ran().sampler());
    }

    @Test
    void anAttachedPictureIsUploadedAndRenderedFrom() throws Exception {
        byte[] photo = ComfyPng.plain(300, 200);
        GenerationPlan plan = Plans.checkpointOnly();
        RenderedImage image = backend.render(new RenderRequest(plan, 5,
                Optional.of(new Attachment("../../holiday photo.png", photo))), progress::add);

        List<FakeComfyUi.Request> uploads = comfy.requests("POST", "/upload/image");
        assertEquals(1, uploads.size());
        Multipart.Part part = Multipart.parse(uploads.get(0).contentType(), uploads.get(0).body()).get("image");
        assertArrayEquals(photo, part.bytes());
        assertTrue(part.fileName().matches("chatgen_[0-9a-f]{32}\\.png"), "a fresh, safe name: " + part.fileName());
        assertEquals("image/png", part.contentType());

        JsonNode prompt = comfy.lastPrompt().path("prompt");
        assertEquals(part.fileName(), node(prompt, "LoadImage").path("image").asText(), "the name the server gave back");
        assertEquals(0.75, node(prompt, "KSampler").path("denoise").asDouble());
        assertEquals(512, image.width());
        assertEquals(768, image.height());
        A1111Infotext parameters = A1111Infotext.parse(PngChunks.readText(image.png()).get("parameters"));
        assertEquals(Optional.of("0.75"), parameters.param("Denoising strength"));
    }

    @Test
    void aRejectedCheckpointComesBackAsOneSentence() {
        // The file went away between listing and queueing: ComfyUI's own validation rejects the prompt.
        comfy.checkpointsOnDisk = List.of("dreamshaper_8.safetensors");

        RenderFailedException e = assertThrows(RenderFailedException.class, () -> render(Plans.checkpointOnly(), 1));
        assertEquals("ComfyUI does not have the checkpoint realisticVisionV51_v51VAE.safetensors.", e.getMessage());
        assertTrue(backend.loadedCheckpoint().isEmpty());
    }

    @Test
    void aModelTheServerLacksIsNamedAndNothingIsQueued() {
        comfy.loras = List.of();

        RenderFailedException e = assertThrows(RenderFailedException.class, () -> render(Plans.withLora(), 1));
        assertTrue(e.getMessage().contains("LoRA Detail Tweaker LoRA 1.0 (add_detail)"), e.getMessage());
        assertTrue(comfy.requests("POST", "/prompt").isEmpty());
    }

    @Test
    void anExceptionWhileRunningIsReportedFromTheHistory() {
        comfy.executionError = "Error while deserializing header: HeaderTooLarge";
        comfy.failingNodeClass = "CheckpointLoaderSimple";

        RenderFailedException e = assertThrows(RenderFailedException.class, () -> render(Plans.checkpointOnly(), 1));
        assertEquals("ComfyUI failed while running CheckpointLoaderSimple (node 1): "
                + "Error while deserializing header: HeaderTooLarge", e.getMessage());
        assertTrue(backend.loadedCheckpoint().isEmpty());
    }

    @Test
    void runningOutOfGpuMemoryIsSaidPlainly() {
        comfy.executionError = "Allocation on device 0 would exceed allowed memory. (out of memory)\nCurrently allocated     : 7.10 GiB";
        comfy.executionErrorType = "torch.OutOfMemoryError";

        RenderFailedException e = assertThrows(RenderFailedException.class, () -> render(Plans.checkpointOnly(), 1));
        assertEquals("The GPU ran out of memory at 512x768; try a smaller size.", e.getMessage());
    }

    @Test
    void installedModelsComeFromTheModelsRoutes() {
        InstalledModels models = backend.installedModels();

        assertEquals(comfy.checkpoints, models.checkpoints());
        assertEquals(comfy.loras, models.loras());
        assertTrue(models.has(Plans.model("dreamshaper_8")), "found in a subfolder");
        assertTrue(comfy.requestsUnder("/object_info").isEmpty());
    }

    @Test
    void olderServersWithoutModelsRoutesAreReadThroughObjectInfo() {
        comfy.withoutModelsRoute = true;
        InstalledModels models = backend.installedModels();
        assertEquals(comfy.checkpoints, models.checkpoints());
        assertEquals(comfy.loras, models.loras());
        assertEquals(1, comfy.requests("GET", "/object_info/CheckpointLoaderSimple").size());
        assertEquals(1, comfy.requests("GET", "/object_info/LoraLoader").size());

        comfy.comboOptions = true; // ["COMBO", {"options": [...]}], as newer node definitions write it
        assertEquals(models, backend.installedModels());
    }

    @Test
    void cancelWhileRunningInterruptsThatPrompt() throws Exception {
        comfy.neverFinish = true;
        Future<RenderedImage> rendering = worker.submit(() -> render(Plans.checkpointOnly(), 1));
        String promptId = comfy.awaitStarted();
        backend.cancel();

        ExecutionException e = assertThrows(ExecutionException.class, () -> rendering.get(5, TimeUnit.SECONDS));
        assertInstanceOf(RenderFailedException.class, e.getCause());
        assertEquals("cancelled", e.getCause().getMessage());
        List<FakeComfyUi.Request> interrupts = comfy.requests("POST", "/interrupt");
        assertEquals(1, interrupts.size());
        assertEquals(promptId, interrupts.get(0).json().path("prompt_id").asText());
        assertTrue(comfy.requests("POST", "/queue").isEmpty(), "nothing to delete: it had started");
    }

    @Test
    void cancelWhileQueuedDeletesItFromTheQueue() throws Exception {
        comfy.pollsPending = 1_000;
        Future<RenderedImage> rendering = worker.submit(() -> render(Plans.checkpointOnly(), 1));
        String promptId = comfy.awaitQueued();
        backend.cancel();

        ExecutionException e = assertThrows(ExecutionException.class, () -> rendering.get(5, TimeUnit.SECONDS));
        assertEquals("cancelled", e.getCause().getMessage());
        List<FakeComfyUi.Request> deletes = comfy.requests("POST", "/queue");
        assertEquals(1, deletes.size());
        assertEquals(promptId, deletes.get(0).json().path("delete").path(0).asText());
        assertFalse(comfy.hasJob(promptId));
        assertTrue(comfy.requests("POST", "/interrupt").isEmpty(), "interrupting would stop whatever else runs");
    }

    @Test
    void anInterruptFromElsewhereFailsTheRender() throws Exception {
        comfy.neverFinish = true;
        Future<RenderedImage> rendering = worker.submit(() -> render(Plans.checkpointOnly(), 1));
        comfy.awaitStarted();
        comfy.interruptRunningFromElsewhere();

        ExecutionException e = assertThrows(ExecutionException.class, () -> rendering.get(5, TimeUnit.SECONDS));
        assertInstanceOf(RenderFailedException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("interrupted on the server"), e.getCause().getMessage());
    }

    @Test
    void aPromptThatTakesTooLongFailsAndIsStopped() throws Exception {
        comfy.neverFinish = true;
        try (ComfyBackend impatient = backend(comfy.url(), Duration.ofSeconds(2), Duration.ofMillis(300))) {
            RenderFailedException e = assertThrows(RenderFailedException.class,
                    () -> impatient.render(RenderRequest.of(Plans.checkpointOnly(), 1), progress::add));
            assertTrue(e.getMessage().contains("did not finish the picture within 300 ms"), e.getMessage());
        }
        assertEquals(1, comfy.requests("POST", "/interrupt").size(), "the GPU is freed for the next job");
    }

    @Test
    void aRefusedConnectionMeansTheBackendIsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ComfyBackend down = backend(URI.create("http://127.0.0.1:" + closedPort), Duration.ofSeconds(1), Duration.ofSeconds(5))) {
            assertThrows(BackendUnavailableException.class, down::installedModels);
            assertThrows(BackendUnavailableException.class,
                    () -> down.render(RenderRequest.of(Plans.checkpointOnly(), 1), progress::add));
        }
    }

    @Test
    void aServerTooSlowToAnswerIsUnavailable() throws Exception {
        comfy.modelsDelayMillis = 1_500;
        try (ComfyBackend hasty = backend(comfy.url(), Duration.ofMillis(200), Duration.ofSeconds(5))) {
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class, hasty::installedModels);
            assertTrue(e.getMessage().contains("did not answer"), e.getMessage());
        }
    }

    @Test
    void aBadGatewayInFrontOfComfyUiIsUnavailable() {
        comfy.promptFault = FakeComfyUi.Fault.BAD_GATEWAY;
        assertThrows(BackendUnavailableException.class, () -> render(Plans.checkpointOnly(), 1));
    }

    @Test
    void anInternalServerErrorFailsTheJob() {
        comfy.promptFault = FakeComfyUi.Fault.INTERNAL_ERROR;
        RenderFailedException e = assertThrows(RenderFailedException.class, () -> render(Plans.checkpointOnly(), 1));
        assertTrue(e.getMessage().startsWith("ComfyUI had an internal error (HTTP 500 on /prompt)"), e.getMessage());
    }

    @Test
    void malformedJsonFailsTheJob() {
        comfy.promptFault = FakeComfyUi.Fault.NOT_JSON;
        RenderFailedException e = assertThrows(RenderFailedException.class, () -> render(Plans.checkpointOnly(), 1));
        assertTrue(e.getMessage().contains("/prompt with something that is not JSON"), e.getMessage());

        comfy.promptFault = FakeComfyUi.Fault.NONE;
        comfy.historyNotJson = true;
        e = assertThrows(RenderFailedException.class, () -> render(Plans.checkpointOnly(), 1));
        assertTrue(e.getMessage().contains("/history/"), e.getMessage());
    }

    @Test
    void aFileThatIsNotAPngFailsTheJob() {
        comfy.viewOverride = "<html><body>Service starting</body></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        RenderFailedException e = assertThrows(RenderFailedException.class, () -> render(Plans.checkpointOnly(), 1));
        assertEquals("ComfyUI sent back a file that is not a PNG.", e.getMessage());
        assertTrue(backend.loadedCheckpoint().isEmpty());
    }

    @Test
    void theWebSocketReportsSamplerSteps() throws Exception {
        comfy.pollsRunning = 4;
        try (ComfyBackend patient = new ComfyBackend(comfy.url(), HTTP, Duration.ofSeconds(2), Duration.ofMillis(40), Duration.ofSeconds(5))) {
            patient.render(RenderRequest.of(Plans.checkpointOnly(), 1), progress::add);
        }
        // The fake reports step 12 of 25 when the sampler starts.
        assertEquals(List.of(0, 48, 100), progress);
    }

    @Test
    void withoutTheWebSocketPollingAloneFinishesTheJob() {
        comfy.websocket = false;
        RenderedImage image = render(Plans.checkpointOnly(), 1);
        assertEquals(512, image.width());
        assertEquals(List.of(0, 100), progress);
    }
}
