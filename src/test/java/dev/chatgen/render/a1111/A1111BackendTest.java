package dev.chatgen.render.a1111;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgen.catalog.CatalogLoader;
import dev.chatgen.catalog.GenArgs;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.chat.Attachment;
import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.render.BackendUnavailableException;
import dev.chatgen.render.InstalledModels;
import dev.chatgen.render.RenderFailedException;
import dev.chatgen.render.RenderRequest;
import dev.chatgen.render.RenderedImage;
import dev.chatgen.render.png.A1111Infotext;
import dev.chatgen.render.png.PngChunks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class A1111BackendTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String RV_TITLE = "realisticVisionV51_v51VAE.safetensors [15012c538f]";
    private static ModelCatalog catalog;

    private FakeA1111 fake;

    @BeforeAll
    static void loadCatalog() {
        catalog = CatalogLoader.load(Path.of("bot-config/catalog/models.jsonl"), Path.of("bot-config/catalog/demonstrations.jsonl"));
    }

    @AfterEach
    void stopFake() {
        if (fake != null) {
            fake.close();
        }
    }

    private static T2IModel model(String id) {
        return catalog.find(id).orElseThrow();
    }

    /** add_detail (a LoRA) on its base realisticVisionV51_v51VAE, the way the engine writes such a plan. */
    private static GenerationPlan loraPlan(String sampler) {
        T2IModel lora = model("add_detail");
        return new GenerationPlan("RAW photo of a lighthouse at dusk, film grain, " + lora.loraTag(), "cartoon, cgi, 3d",
                lora, model(lora.baseCheckpoint()), List.of(lora), new GenArgs(sampler, 12, 6.5, 512, 768));
    }

    private static GenerationPlan checkpointPlan(String id) {
        T2IModel m = model(id);
        return new GenerationPlan("a castle on a hill, digital painting", "blurry", m, m, List.of(), new GenArgs("Euler a", 8, 7, 512, 512));
    }

    private A1111Backend backend(FakeA1111.Version version) {
        fake = FakeA1111.start(version);
        return backendFor(fake.uri(), "", Duration.ofSeconds(5));
    }

    private static A1111Backend backendFor(URI uri, String auth, Duration timeout) {
        return new A1111Backend(uri, auth, HTTP, timeout, Duration.ofMillis(5));
    }

    @Test
    void installedModelsAreTheServersTitlesAndLoraNames() {
        A1111Backend a1111 = backend(FakeA1111.Version.V1_10);

        InstalledModels installed = a1111.installedModels();

        assertEquals(List.of("dreamshaper_8.safetensors [879db523c3]", RV_TITLE,
                "SDXL/juggernautXL_v9Rundiffusionphoto2.safetensors [c9e3e68f89]"), installed.checkpoints());
        assertEquals(List.of("Detail-Tweaker-LoRA-1.0", "epiNoiseoffset_v2"), installed.loras());
        assertTrue(installed.has(model("realisticVisionV51_v51VAE")));
        assertTrue(installed.has(model("juggernautXL_v9Rundiffusionphoto2")), "a title in a subfolder still matches");
        assertTrue(installed.has(model("add_detail")));
        assertFalse(installed.has(model("ghibli_style_offset")));
        assertEquals("a1111", a1111.name());
        assertEquals(Optional.empty(), a1111.loadedCheckpoint());

        a1111.installedModels();
        assertEquals(1, fake.requests("GET", "/sdapi/v1/sd-models").size(), "discovery is cached");
    }

    @Test
    void txt2imgOnA19ServerSendsTheTitleTheRewrittenLoraTagAndASeparateScheduler() {
        A1111Backend a1111 = backend(FakeA1111.Version.V1_10);

        RenderedImage image = a1111.render(RenderRequest.of(loraPlan("DPM++ 2M Karras"), 4242L), p -> { });

        JsonNode sent = fake.onlyRender().body();
        assertEquals("/sdapi/v1/txt2img", fake.onlyRender().path());
        assertEquals(RV_TITLE, sent.path("override_settings").path("sd_model_checkpoint").asText());
        assertFalse(sent.path("override_settings_restore_afterwards").asBoolean(true));
        assertEquals("RAW photo of a lighthouse at dusk, film grain, <lora:Detail-Tweaker-LoRA-1.0:0.5>", sent.path("prompt").asText());
        assertEquals("cartoon, cgi, 3d", sent.path("negative_prompt").asText());
        assertEquals("DPM++ 2M", sent.path("sampler_name").asText());
        assertEquals("karras", sent.path("scheduler").asText());
        assertEquals(12, sent.path("steps").asInt());
        assertEquals(6.5, sent.path("cfg_scale").asDouble());
        assertEquals(512, sent.path("width").asInt());
        assertEquals(768, sent.path("height").asInt());
        assertEquals(4242L, sent.path("seed").asLong());
        assertTrue(sent.path("send_images").asBoolean());
        assertFalse(sent.path("save_images").asBoolean(true));
        assertTrue(sent.path("init_images").isMissingNode());

        assertEquals(512, image.width());
        assertEquals(768, image.height());
        assertEquals(RV_TITLE, image.ran().checkpoint());
        assertEquals("DPM++ 2M / Karras", image.ran().sampler());
        assertEquals(4242L, image.ran().seed());
        assertEquals(List.of("Detail-Tweaker-LoRA-1.0"), image.ran().loras());
        assertEquals(List.of(), image.ran().notes());
        assertEquals(Optional.of("realisticVisionV51_v51VAE"), a1111.loadedCheckpoint(), "the model stays loaded");
        assertEquals(RV_TITLE, fake.currentModelTitle());
    }

    @Test
    void anOldServerWithoutSchedulersGetsTheCombinedSamplerName() {
        A1111Backend a1111 = backend(FakeA1111.Version.V1_6);

        RenderedImage image = a1111.render(RenderRequest.of(loraPlan("DPM++ 2M Karras"), 7L), p -> { });

        JsonNode sent = fake.onlyRender().body();
        assertEquals(1, fake.requests("GET", "/sdapi/v1/schedulers").size(), "it asked, and got the 404 of a pre-1.9 server");
        assertEquals("DPM++ 2M Karras", sent.path("sampler_name").asText());
        assertTrue(sent.path("scheduler").isMissingNode());
        assertEquals("DPM++ 2M Karras", image.ran().sampler());
        assertEquals(List.of(), image.ran().notes());
    }

    @Test
    void aSamplerTheServerLacksIsReplacedByTheNearestAndNoted() {
        A1111Backend a1111 = backend(FakeA1111.Version.V1_6);

        RenderedImage sameFamily = a1111.render(RenderRequest.of(loraPlan("DPM++ 3M SDE Exponential"), 1L), p -> { });
        RenderedImage unknown = a1111.render(RenderRequest.of(loraPlan("DPM++ 2M SDE Heun"), 1L), p -> { });

        List<FakeA1111.Recorded> renders = fake.requests("POST", "/sdapi/v1/txt2img");
        assertEquals("DPM++ 3M SDE", renders.get(0).body().path("sampler_name").asText());
        assertEquals(List.of("the server has no Exponential schedule for DPM++ 3M SDE; used its default schedule"), sameFamily.ran().notes());
        assertEquals("Euler a", renders.get(1).body().path("sampler_name").asText());
        assertEquals(List.of("the server has no sampler \"DPM++ 2M SDE Heun\"; used \"Euler a\" instead"), unknown.ran().notes());
        assertEquals("Euler a", unknown.ran().sampler());
    }

    @Test
    void theReturnedPngCarriesTheServersInfotextOfWhatRan() throws Exception {
        A1111Backend a1111 = backend(FakeA1111.Version.V1_10);

        RenderedImage image = a1111.render(RenderRequest.of(loraPlan("DPM++ 2M Karras"), 99L), p -> { });

        A1111Infotext ran = A1111Infotext.parse(PngChunks.readText(image.png()).get("parameters"));
        assertEquals(Optional.of("realisticVisionV51_v51VAE"), ran.model());
        assertEquals(Optional.of("15012c538f"), ran.modelHash());
        assertEquals(Optional.of(99L), ran.seed());
        assertEquals(Optional.of("DPM++ 2M Karras"), ran.combinedSampler());
        assertEquals(Optional.of("v1.10.1"), ran.param("Version"), "infotexts[0] is used as the server wrote it");
        assertEquals("Detail-Tweaker-LoRA-1.0", ran.loras().get(0).name());
    }

    @Test
    void withoutInfotextsThePlansParametersAreCorrectedByInfo() throws Exception {
        A1111Backend a1111 = backend(FakeA1111.Version.V1_10);
        fake.withoutInfotexts();

        RenderedImage image = a1111.render(RenderRequest.of(loraPlan("DPM++ 2M Karras"), 5L), p -> { });

        A1111Infotext ran = A1111Infotext.parse(PngChunks.readText(image.png()).get("parameters"));
        assertEquals(Optional.of("realisticVisionV51_v51VAE"), ran.model(), "the server's model name, not the catalog's \"Realistic Vision\"");
        assertEquals(Optional.of("15012c538f"), ran.modelHash());
        assertEquals(Optional.of(5L), ran.seed());
        assertEquals(Optional.of("DPM++ 2M"), ran.sampler());
        assertEquals(Optional.of("Karras"), ran.scheduleType());
        assertEquals(Optional.of(12), ran.steps());
        assertTrue(ran.prompt().contains("<lora:Detail-Tweaker-LoRA-1.0:0.5>"));
    }

    @Test
    void anAttachedPictureIsSentToImg2imgAsTheStartingImage() {
        A1111Backend a1111 = backend(FakeA1111.Version.V1_10);
        byte[] attached = FakeA1111.png(64, 64, null);

        RenderedImage image = a1111.render(new RenderRequest(loraPlan("Euler a"), 3L, Optional.of(new Attachment("cat.png", attached))), p -> { });

        FakeA1111.Recorded sent = fake.onlyRender();
        assertEquals("/sdapi/v1/img2img", sent.path());
        assertArrayEquals(attached, Base64.getDecoder().decode(sent.body().path("init_images").get(0).asText()));
        assertEquals(0.75, sent.body().path("denoising_strength").asDouble());
        assertEquals(RV_TITLE, sent.body().path("override_settings").path("sd_model_checkpoint").asText());
        assertEquals("Euler a", sent.body().path("sampler_name").asText());
        assertTrue(sent.body().path("scheduler").isMissingNode());
        assertEquals(512, image.width());
    }

    @Test
    void progressIsPolledAndReportedWhileTheRenderRuns() {
        A1111Backend a1111 = backend(FakeA1111.Version.V1_10);
        fake.stepDelay(Duration.ofMillis(25));
        List<Integer> percents = new CopyOnWriteArrayList<>();

        a1111.render(RenderRequest.of(loraPlan("DPM++ 2M Karras"), 1L), percents::add);

        assertFalse(fake.requests("GET", "/sdapi/v1/progress").isEmpty());
        assertEquals("skip_current_image=true", fake.requests("GET", "/sdapi/v1/progress").get(0).query());
        assertEquals(0, percents.get(0));
        assertEquals(100, percents.get(percents.size() - 1));
        assertTrue(percents.stream().anyMatch(p -> p > 0 && p < 100), "percentages in between: " + percents);
        for (int i = 1; i < percents.size(); i++) {
            assertTrue(percents.get(i) > percents.get(i - 1), "rising: " + percents);
        }
    }

    @Test
    void cancelInterruptsTheServerAndThePartialPictureIsNotDelivered() {
        A1111Backend a1111 = backend(FakeA1111.Version.V1_10);
        fake.stepDelay(Duration.ofMillis(50));
        AtomicBoolean asked = new AtomicBoolean();

        RenderFailedException e = assertThrows(RenderFailedException.class, () -> a1111.render(RenderRequest.of(loraPlan("Euler a"), 1L), p -> {
            if (p > 0 && asked.compareAndSet(false, true)) {
                CompletableFuture.runAsync(a1111::cancel); // from another thread, as the queue does
            }
        }));

        assertEquals("cancelled", e.getMessage());
        assertEquals(1, fake.requests("POST", "/sdapi/v1/interrupt").size());
    }

    @Test
    void cancelWithNothingInFlightLeavesTheServerAlone() {
        A1111Backend a1111 = backend(FakeA1111.Version.V1_10);

        a1111.cancel();

        assertTrue(fake.requests().isEmpty());
    }

    @Test
    void basicAuthIsSentAndAWrongPasswordNamesTheSetting() {
        fake = FakeA1111.start(FakeA1111.Version.V1_10).requireAuth("bot:s3cret");
        A1111Backend right = backendFor(fake.uri(), "bot:s3cret", Duration.ofSeconds(5));
        A1111Backend wrong = backendFor(fake.uri(), "bot:guess", Duration.ofSeconds(5));

        right.render(RenderRequest.of(loraPlan("Euler a"), 1L), p -> { });
        String expected = "Basic " + Base64.getEncoder().encodeToString("bot:s3cret".getBytes(StandardCharsets.UTF_8));
        assertTrue(fake.requests().stream().allMatch(r -> expected.equals(r.authorization())), "every request carries the credentials");

        BackendUnavailableException discovery = assertThrows(BackendUnavailableException.class, wrong::installedModels);
        assertTrue(discovery.getMessage().contains("render.a1111.auth"), discovery.getMessage());
        assertTrue(discovery.getMessage().contains("Incorrect username or password"), discovery.getMessage());
        BackendUnavailableException render = assertThrows(BackendUnavailableException.class,
                () -> wrong.render(RenderRequest.of(loraPlan("Euler a"), 1L), p -> { }));
        assertTrue(render.getMessage().contains("render.a1111.auth"), render.getMessage());
    }

    @Test
    void aSilentFallbackToAnotherCheckpointFailsTheJob() {
        A1111Backend a1111 = backend(FakeA1111.Version.V1_10);
        fake.checkpointFileGone(RV_TITLE);

        RenderFailedException e = assertThrows(RenderFailedException.class,
                () -> a1111.render(RenderRequest.of(loraPlan("Euler a"), 1L), p -> { }));

        assertTrue(e.getMessage().contains("dreamshaper_8 [879db523c3] instead of Realistic Vision"), e.getMessage());
        assertEquals(Optional.empty(), a1111.loadedCheckpoint());
    }

    @Test
    void aCheckpointThatIsNotInstalledFailsBeforeAnythingIsSent() {
        A1111Backend a1111 = backend(FakeA1111.Version.V1_10);

        RenderFailedException e = assertThrows(RenderFailedException.class,
                () -> a1111.render(RenderRequest.of(checkpointPlan("meinamix_meinaV11"), 1L), p -> { }));

        assertTrue(e.getMessage().contains("meinamix_meinaV11"), e.getMessage());
        assertTrue(e.getMessage().contains("not installed"), e.getMessage());
        assertTrue(fake.requests("POST", "/sdapi/v1/txt2img").isEmpty());
        assertEquals(2, fake.requests("GET", "/sdapi/v1/sd-models").size(), "looked again before refusing");
    }

    @Test
    void aPlannedLoraThatIsNotInstalledFailsBeforeAnythingIsSent() {
        A1111Backend a1111 = backend(FakeA1111.Version.V1_10);
        T2IModel lora = model("ghibli_style_offset");
        GenerationPlan plan = new GenerationPlan("ghibli style, a seaside town, " + lora.loraTag(), "", lora,
                model("realisticVisionV51_v51VAE"), List.of(lora), new GenArgs("Euler a", 8, 7, 512, 512));

        RenderFailedException e = assertThrows(RenderFailedException.class, () -> a1111.render(RenderRequest.of(plan, 1L), p -> { }));

        assertEquals("The LoRA Ghibli Style " + lora.version() + " (ghibli_style_offset) is not installed on the AUTOMATIC1111 server,"
                + " so this picture cannot be made there.", e.getMessage().replace(lora.name(), "Ghibli Style"));
        assertTrue(fake.requests("POST", "/sdapi/v1/txt2img").isEmpty());
    }

    @Test
    void aLoraKnownOnlyByItsAliasIsSentByItsFileName() {
        A1111Backend a1111 = backend(FakeA1111.Version.V1_10);
        T2IModel lora = model("epi_noiseoffset2");
        GenerationPlan plan = new GenerationPlan("a neon alley at night, " + lora.loraTag(), "", lora,
                model("realisticVisionV51_v51VAE"), List.of(lora), new GenArgs("Euler a", 8, 7, 512, 512));

        RenderedImage image = a1111.render(RenderRequest.of(plan, 1L), p -> { });

        assertEquals("a neon alley at night, <lora:epiNoiseoffset_v2:0.8>", fake.onlyRender().body().path("prompt").asText());
        assertEquals(List.of("epiNoiseoffset_v2"), image.ran().loras());
    }

    @Test
    void aCheckpointPlanWithoutLorasRendersOnAnOtherModelAndSwitchesIt() {
        A1111Backend a1111 = backend(FakeA1111.Version.V1_10);

        RenderedImage image = a1111.render(RenderRequest.of(checkpointPlan("juggernautXL_v9Rundiffusionphoto2"), 11L), p -> { });

        assertEquals("SDXL/juggernautXL_v9Rundiffusionphoto2.safetensors [c9e3e68f89]", image.ran().checkpoint());
        assertEquals(List.of(), image.ran().loras());
        assertEquals(Optional.of("juggernautXL_v9Rundiffusionphoto2"), a1111.loadedCheckpoint());
    }

    @Test
    void a422NamesTheFieldTheServerRejected() {
        A1111Backend a1111 = backend(FakeA1111.Version.V1_10);
        fake.renderAnswers(422, "application/json",
                "{\"detail\":[{\"loc\":[\"body\",\"cfg_scale\"],\"msg\":\"value is not a valid float\",\"type\":\"type_error.float\"}]}");

        RenderFailedException e = assertThrows(RenderFailedException.class,
                () -> a1111.render(RenderRequest.of(loraPlan("Euler a"), 1L), p -> { }));

        assertEquals("The AUTOMATIC1111 server rejected the request: cfg_scale: value is not a valid float.", e.getMessage());
    }

    @Test
    void outOfMemorySaysWhichSizeAndWhatToTry() {
        A1111Backend a1111 = backend(FakeA1111.Version.V1_10);
        fake.renderAnswers(500, "application/json", "{\"error\":\"OutOfMemoryError\",\"detail\":\"\",\"body\":\"\",\"errors\":"
                + "\"CUDA out of memory. Tried to allocate 4.50 GiB (GPU 0; 7.79 GiB total capacity; 3.12 GiB already allocated)\"}");

        RenderFailedException e = assertThrows(RenderFailedException.class,
                () -> a1111.render(RenderRequest.of(loraPlan("Euler a"), 1L), p -> { }));

        assertEquals("The GPU ran out of memory at 512x768; try a smaller size or fewer steps.", e.getMessage());
    }

    @Test
    void anotherServerErrorIsPassedOnWithItsErrorAndDetail() {
        A1111Backend a1111 = backend(FakeA1111.Version.V1_10);
        fake.renderAnswers(500, "application/json", "{\"error\":\"RuntimeError\",\"detail\":\"\",\"body\":\"\","
                + "\"errors\":\"mat1 and mat2 shapes cannot be multiplied (154x2048 and 768x320)\"}");

        RenderFailedException e = assertThrows(RenderFailedException.class,
                () -> a1111.render(RenderRequest.of(loraPlan("Euler a"), 1L), p -> { }));

        assertEquals("The AUTOMATIC1111 server failed this picture: RuntimeError: mat1 and mat2 shapes cannot be multiplied (154x2048 and 768x320)",
                e.getMessage());
    }

    @Test
    void aReplyThatIsNotJsonFailsTheJob() {
        A1111Backend a1111 = backend(FakeA1111.Version.V1_10);
        fake.renderAnswers(200, "text/html", "<html><body>Gateway says hello</body></html>");

        RenderFailedException e = assertThrows(RenderFailedException.class,
                () -> a1111.render(RenderRequest.of(loraPlan("Euler a"), 1L), p -> { }));

        assertTrue(e.getMessage().startsWith("the AUTOMATIC1111 server sent a reply that is not JSON"), e.getMessage());
    }

    @Test
    void a503MeansTheBackendIsUnavailable() {
        A1111Backend a1111 = backend(FakeA1111.Version.V1_10);
        fake.renderAnswers(503, "text/plain", "Service Unavailable");

        assertThrows(BackendUnavailableException.class, () -> a1111.render(RenderRequest.of(loraPlan("Euler a"), 1L), p -> { }));
    }

    @Test
    void aServerWithoutApiIsAConfigurationProblem() {
        A1111Backend a1111 = backend(FakeA1111.Version.V1_10);
        fake.discoveryAnswers(404, "application/json", "{\"detail\":\"Not Found\"}");

        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, a1111::installedModels);

        assertTrue(e.getMessage().contains("--api"), e.getMessage());
    }

    @Test
    void withoutTheLoraRouteThereAreNoLoras() {
        A1111Backend a1111 = backend(FakeA1111.Version.V1_10);
        fake.withoutLoraRoute();

        InstalledModels installed = a1111.installedModels();

        assertEquals(3, installed.checkpoints().size());
        assertEquals(List.of(), installed.loras());
    }

    @Test
    void aClosedPortMeansTheBackendIsUnavailable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        A1111Backend a1111 = backendFor(URI.create("http://127.0.0.1:" + port), "", Duration.ofSeconds(2));

        BackendUnavailableException discovery = assertThrows(BackendUnavailableException.class, a1111::installedModels);
        assertTrue(discovery.getMessage().contains("connection refused"), discovery.getMessage());
        assertThrows(BackendUnavailableException.class, () -> a1111.render(RenderRequest.of(loraPlan("Euler a"), 1L), p -> { }));
    }

    @Test
    void aRenderSlowerThanTheRequestTimeoutMeansTheBackendIsUnavailable() {
        fake = FakeA1111.start(FakeA1111.Version.V1_10).replyDelay(Duration.ofMillis(1500));
        A1111Backend a1111 = backendFor(fake.uri(), "", Duration.ofMillis(300));

        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> a1111.render(RenderRequest.of(loraPlan("Euler a"), 1L), p -> { }));

        assertTrue(e.getMessage().contains("did not answer /sdapi/v1/txt2img within 300 ms"), e.getMessage());
    }
}
