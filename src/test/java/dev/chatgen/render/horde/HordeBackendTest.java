package dev.chatgen.render.horde;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgen.catalog.GenArgs;
import dev.chatgen.chat.Attachment;
import dev.chatgen.render.InstalledModels;
import dev.chatgen.render.RenderRequest;
import dev.chatgen.render.RenderedImage;
import dev.chatgen.render.png.A1111Infotext;
import dev.chatgen.render.png.PngChunks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.chatgen.render.horde.HordeTestPlans.backend;
import static dev.chatgen.render.horde.HordeTestPlans.loraPlan;
import static dev.chatgen.render.horde.HordeTestPlans.model;
import static dev.chatgen.render.horde.HordeTestPlans.plainPlan;
import static dev.chatgen.render.horde.HordeTestPlans.smallArgs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The happy path against the fake Horde: what is sent, what comes back, and what the PNG says. */
class HordeBackendTest {
    private FakeHorde fake;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeHorde();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void sendsThePlanTheWayTheHordeTakesIt() {
        backend(fake).render(RenderRequest.of(loraPlan(smallArgs()), 1234567890123L), p -> { });

        FakeHorde.Recorded submit = fake.onlySubmit();
        assertEquals(FakeHorde.ANONYMOUS, submit.headers().get("apikey"));
        assertEquals(HordeTestPlans.CLIENT_AGENT, submit.headers().get("client-agent"));
        JsonNode body = submit.json();
        assertEquals("RAW photo of a lighthouse at dusk, film grain ### cgi, cartoon", body.path("prompt").asText());
        JsonNode params = body.path("params");
        assertEquals("k_dpmpp_sde", params.path("sampler_name").asText());
        assertTrue(params.path("karras").asBoolean());
        assertEquals(5.5, params.path("cfg_scale").asDouble());
        assertEquals(24, params.path("steps").asInt());
        assertEquals(512, params.path("width").asInt());
        assertEquals(576, params.path("height").asInt());
        assertTrue(params.path("seed").isTextual(), "the Horde takes the seed as a string");
        assertEquals("1234567890123", params.path("seed").asText());
        assertEquals(1, params.path("n").asInt());
        JsonNode lora = params.path("loras").path(0);
        assertEquals("Detail Tweaker LoRA", lora.path("name").asText());
        assertEquals(0.5, lora.path("model").asDouble());
        assertEquals(0.5, lora.path("clip").asDouble());
        assertEquals(1, params.path("loras").size());
        assertEquals(List.of("Realistic Vision"), List.of(body.path("models").path(0).asText()));
        assertEquals(1, body.path("models").size());
        assertFalse(body.path("nsfw").asBoolean(true));
        assertTrue(body.path("censor_nsfw").asBoolean());
        assertTrue(body.path("r2").asBoolean());
        assertTrue(body.path("source_image").isMissingNode());
    }

    @Test
    void thePngCarriesWhatTheWorkerRan() throws Exception {
        fake.reportedSeed = "987654321";
        RenderedImage image = backend(fake).render(RenderRequest.of(loraPlan(smallArgs()), 42L), p -> { });

        A1111Infotext info = A1111Infotext.parse(PngChunks.readText(image.png()).get("parameters"));
        assertEquals(Optional.of("Realistic Vision"), info.model());
        assertEquals(Optional.of(987654321L), info.seed());
        assertEquals(Optional.of("DPM++ SDE Karras"), info.sampler());
        assertEquals(Optional.of(24), info.steps());
        assertEquals(Optional.of(64), info.width(), "the size of the picture that came back");
        assertEquals(Optional.of(96), info.height());
        assertEquals("cgi, cartoon, <lora:bad_hands:1>", info.negativePrompt());
        assertEquals(Optional.of("fake-worker-1"), info.param("Horde worker"));
        assertEquals(List.of("add_detail"), info.loras().stream().map(l -> l.name()).toList());

        RenderedImage.Ran ran = image.ran();
        assertEquals("Realistic Vision", ran.checkpoint());
        assertEquals("k_dpmpp_sde karras", ran.sampler());
        assertEquals(987654321L, ran.seed());
        assertEquals(List.of("Detail Tweaker LoRA"), ran.loras());
        assertTrue(ran.notes().stream().anyMatch(n -> n.contains("seed 987654321 instead of 42")), ran.notes().toString());
        assertTrue(ran.notes().stream().anyMatch(n -> n.contains("another version than Realistic Vision V5.1")), ran.notes().toString());
        assertEquals(64, image.width());
        assertEquals(96, image.height());
    }

    @Test
    void theImageLinkIsFetchedWithoutTheApiKey() {
        backend(fake.baseUrl(), FakeHorde.GOOD_KEY, java.time.Duration.ofSeconds(5))
                .render(RenderRequest.of(loraPlan(smallArgs()), 7L), p -> { });

        List<FakeHorde.Recorded> downloads = fake.requests("GET", "/r2/");
        assertEquals(1, downloads.size());
        assertFalse(downloads.get(0).headers().containsKey("apikey"), "the key belongs to the Horde, not the image store");
        assertEquals(FakeHorde.GOOD_KEY, fake.onlySubmit().headers().get("apikey"));
    }

    @Test
    void reportsQueueThenWorkerThenDone() {
        fake.checkScript = List.of("waiting", "waiting", "processing", "processing", "done");
        List<Integer> progress = new CopyOnWriteArrayList<>();

        backend(fake).render(RenderRequest.of(loraPlan(smallArgs()), 1L), progress::add);

        assertEquals(List.of(0, 50, 100), progress);
        assertEquals(5, fake.checks());
    }

    @Test
    void roundsTheSizeToTheHordesGridAndSaysSo() {
        RenderedImage image = backend(fake).render(
                RenderRequest.of(plainPlan("deliberate_v2", new GenArgs("Euler a", 20, 7, 520, 568)), 5L), p -> { });

        JsonNode params = fake.onlySubmit().json().path("params");
        assertEquals(512, params.path("width").asInt());
        assertEquals(576, params.path("height").asInt());
        assertEquals("k_euler_a", params.path("sampler_name").asText());
        assertFalse(params.path("karras").asBoolean());
        assertTrue(image.ran().notes().contains("The Horde renders sizes in steps of 64 px: 520x568 became 512x576."),
                image.ran().notes().toString());
        assertEquals("a red fox in fresh snow ### blurry", fake.onlySubmit().json().path("prompt").asText());
    }

    @Test
    void cfgScaleGoesWithAtMostTwoDecimals() {
        RenderedImage image = backend(fake).render(
                RenderRequest.of(plainPlan("deliberate_v2", new GenArgs("Euler", 20, 6.125, 512, 512)), 5L), p -> { });

        assertEquals(6.13, fake.onlySubmit().json().path("params").path("cfg_scale").asDouble());
        assertTrue(image.ran().notes().contains("The Horde takes CFG scale to 2 decimals: 6.125 became 6.13."),
                image.ran().notes().toString());
    }

    @Test
    void anAttachedPictureGoesAsImg2img() throws Exception {
        byte[] attached = FakeHorde.png(32, 32, Color.BLUE);
        RenderRequest request = new RenderRequest(plainPlan("deliberate_v2", smallArgs()), 9L,
                Optional.of(new Attachment("sketch.png", attached)));

        RenderedImage image = backend(fake).render(request, p -> { });

        JsonNode body = fake.onlySubmit().json();
        assertEquals("img2img", body.path("source_processing").asText());
        assertArrayEquals(attached, java.util.Base64.getDecoder().decode(body.path("source_image").asText()));
        assertEquals(HordeSubmission.DENOISING_STRENGTH, body.path("params").path("denoising_strength").asDouble());
        A1111Infotext info = A1111Infotext.parse(PngChunks.readText(image.png()).get("parameters"));
        assertEquals(Optional.of("0.6"), info.param("Denoising strength"));
    }

    @Test
    void aBase64PictureInAnotherFormatBecomesPng() throws Exception {
        fake.image = FakeHorde.encode(40, 24, Color.GREEN, "jpg");
        fake.inlineImages = true;

        RenderedImage image = backend(fake).render(RenderRequest.of(plainPlan("deliberate_v2", smallArgs()), 3L), p -> { });

        assertTrue(HordeImages.isPng(image.png()));
        assertEquals(40, image.width());
        assertEquals(24, image.height());
        assertTrue(PngChunks.readText(image.png()).containsKey("parameters"));
        assertTrue(fake.requests("GET", "/r2/").isEmpty());
    }

    @Test
    void aWebpPicture_asTheRealHordeSendsThem_becomesPng() throws Exception {
        // A 1x1 lossy WEBP (the one browsers' feature checks use): the Horde's R2 pictures are WEBP.
        fake.image = java.util.Base64.getDecoder().decode("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");

        RenderedImage image = backend(fake).render(RenderRequest.of(plainPlan("deliberate_v2", smallArgs()), 3L), p -> { });

        assertTrue(HordeImages.isPng(image.png()));
        assertEquals(1, image.width());
        assertTrue(PngChunks.readText(image.png()).containsKey("parameters"));
    }

    @Test
    void listsModelsThatHaveWorkersOnly() {
        InstalledModels installed = backend(fake).installedModels();

        assertEquals(List.of("Deliberate", "Realistic Vision", "AbsoluteReality", "SDXL 1.0"), installed.checkpoints());
        assertEquals("/api/v2/status/models?type=image", fake.requests("GET", "/api/v2/status").get(0).path());
        assertEquals(Optional.of("Realistic Vision"), installed.nameOf(model("realisticVisionV51_v51VAE")));
        assertEquals(Optional.of("Deliberate"), installed.nameOf(model("deliberate_v2")));
        assertEquals(Optional.of("AbsoluteReality"), installed.nameOf(model("absolutereality_v181")));
        assertFalse(installed.has(model("anythingV5_PrtRE")), "Anything Diffusion has no worker (count 0)");
        assertTrue(installed.has(model("add_detail")), "the Horde fetches any Civitai LoRA on demand");
        assertTrue(installed.has(model("pixel_art_xl")));
        assertFalse(installed.everything());
    }

    @Test
    void nameAndHasNoLoadedCheckpoint() {
        HordeBackend backend = backend(fake);
        assertEquals("horde", backend.name());
        assertEquals(Optional.empty(), backend.loadedCheckpoint());
    }
}
