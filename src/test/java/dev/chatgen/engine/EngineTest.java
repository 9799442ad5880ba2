package dev.chatgen.engine;

import dev.chatgen.chat.Attachment;
import dev.chatgen.testing.SharedEngine;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three stages end to end: real MiniLM, ModelTokens trained on the default catalog, real images. */
class EngineTest {
    private final Engine engine = SharedEngine.engine();

    private PlanResult.Planned planned(PlanRequest request) {
        return assertInstanceOf(PlanResult.Planned.class, engine.plan(request));
    }

    private PlanResult.Planned planned(String... turns) {
        return planned(new PlanRequest(List.of(turns), List.of(), ModelMask.safeForWork()));
    }

    @Test
    void plan_cartoonMonsterKeepsTheAskAndAvoidsPink() {
        PlanResult.Planned p = planned("a quirky little cartoon monster with bee vibes, colorful, no pink");
        String prompt = p.plan().prompt().toLowerCase();
        assertTrue(prompt.contains("monster") && prompt.contains("bee") && prompt.contains("colorful"), prompt);
        assertFalse(prompt.contains("pink"), prompt);
        assertTrue(p.plan().negativePrompt().startsWith("pink"), p.plan().negativePrompt());
        assertEquals(3, p.trace().selection().candidates().size());
        assertFalse(p.trace().args().votes().isEmpty());
    }

    @Test
    void plan_photoRequestGoesToAPhotorealModel() {
        PlanResult.Planned p = planned("a real photo of an old fisherman mending his nets on the dock at sunrise");
        assertTrue(p.plan().model().tags().stream().anyMatch(t -> t.contains("photo") || t.contains("realis")),
                p.plan().model().id() + " " + p.plan().model().tags());
    }

    @Test
    void plan_chosenLoraBringsItsBaseCheckpointAndTag() {
        PlanResult.Planned p = planned("pixel art of a knight fighting a dragon, 16-bit retro game style");
        var model = p.plan().model();
        assertTrue(model.isLora(), model.id() + " should be the catalog's pixel-art LoRA");
        assertEquals(model.baseCheckpoint(), p.plan().checkpoint().id());
        assertTrue(p.plan().prompt().startsWith("<lora:" + model.id() + ":"), p.plan().prompt());
        for (String trigger : model.triggerWords()) {
            assertTrue(p.plan().prompt().contains(trigger), trigger + " missing from " + p.plan().prompt());
        }
        assertEquals(List.of(model), p.plan().loras());
    }

    @Test
    void plan_historyEditsTheEarlierRequest() {
        PlanResult.Planned p = planned("a cozy cabin in the snowy mountains at sunset", "now at night", "make it a phone wallpaper");
        String subject = String.join(" | ", p.trace().prompt().subject());
        assertTrue(subject.contains("cabin") && subject.contains("night"), subject);
        assertFalse(subject.contains("sunset"), subject);
        assertTrue(p.plan().args().height() > p.plan().args().width(), p.plan().args().summary());
    }

    @Test
    void plan_explicitArgumentsAreApplied() {
        PlanResult.Planned p = planned("a watercolor fox in a meadow, 42 steps, cfg 6");
        assertEquals(42, p.plan().args().steps());
        assertEquals(6.0, p.plan().args().cfgScale());
    }

    @Test
    void plan_nsfwModelsAreNeverChosenByDefault() {
        for (String text : List.of("a beautiful woman portrait, realistic photo", "asian girl, realistic, soft light")) {
            assertFalse(planned(text).plan().model().nsfw(), text);
        }
    }

    @Test
    void plan_emptyTextGetsAClearMessage() {
        PlanResult r = engine.plan(PlanRequest.of("   "));
        assertEquals(Engine.NOTHING_TO_DRAW, assertInstanceOf(PlanResult.Unplannable.class, r).message());
    }

    @Test
    void plan_twentyThousandCharactersIsCutWithANote() {
        PlanResult.Planned p = planned("a castle on a hill, ".repeat(1000));
        assertTrue(p.trace().prompt().notes().stream().anyMatch(n -> n.contains("20000 characters")), p.trace().prompt().notes().toString());
        assertTrue(p.plan().prompt().length() < 2000);
    }

    @Test
    void plan_emojiOnlyIsReadAsWords() {
        PlanResult.Planned p = planned("🐱🌙");
        assertTrue(p.plan().prompt().contains("cat"), p.plan().prompt());
    }

    @Test
    void plan_nonEnglishMessageStillPlans() {
        PlanResult.Planned p = planned("un petit chat roux qui dort sur une pile de livres, style aquarelle");
        assertTrue(p.plan().prompt().contains("chat roux"), p.plan().prompt());
    }

    @Test
    void plan_corruptImageIsIgnoredWithANote() {
        byte[] corrupt = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H'};
        PlanResult.Planned p = planned(new PlanRequest(List.of("a lighthouse, like this"),
                List.of(new Attachment("broken.png", corrupt)), ModelMask.safeForWork()));
        assertTrue(p.trace().notes().get(0).startsWith("ignored broken.png:"), p.trace().notes().toString());
    }

    @Test
    void plan_fiftyMegabyteImageIsRefusedWithoutDecoding() {
        PlanResult.Planned p = planned(new PlanRequest(List.of("a lighthouse, like this"),
                List.of(new Attachment("huge.png", new byte[50 * 1024 * 1024])), ModelMask.safeForWork()));
        assertTrue(p.trace().notes().get(0).contains("50.0 MB"), p.trace().notes().toString());
    }

    @Test
    void plan_imageWithoutMetadataIsReadForShapeAndColours() throws IOException {
        BufferedImage img = new BufferedImage(60, 90, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(java.awt.Color.BLUE);
        g.fillRect(0, 0, 60, 90);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        PlanResult.Planned p = planned(new PlanRequest(List.of("something like this but a castle"),
                List.of(new Attachment("blue.png", png.toByteArray())), ModelMask.safeForWork()));
        String note = String.join(" ", p.trace().notes());
        assertTrue(note.contains("no generation metadata") && note.contains("portrait") && note.contains("blue"), note);
    }

    @Test
    void plan_imageWithInfotextNamingACatalogModelIsStrongEvidence() throws Exception {
        var catalog = SharedEngine.catalog();
        var lora = catalog.models().stream().filter(m -> m.isLora() && !m.nsfw()).findFirst().orElseThrow();
        byte[] base = Files.readAllBytes(Path.of("src/test/resources/png/aamXLAnimeMix_v10-07.png"));
        String infotext = "a cottage, <lora:" + lora.id() + ":0.8>\nNegative prompt: blurry\n"
                + "Steps: 33, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6.5, Seed: 1, Size: 512x768, Model: whatever";
        byte[] withMeta = dev.chatgen.render.png.PngChunks.withText(base, "parameters", infotext);
        PlanResult.Planned p = planned(new PlanRequest(List.of("a portrait of my dog, same style as this"),
                List.of(new Attachment("ref.png", withMeta)), ModelMask.safeForWork()));
        assertEquals(lora.id(), p.plan().model().id());
        assertEquals(33, p.plan().args().steps());
        assertEquals("DPM++ 2M Karras", p.plan().args().sampler());
    }

    @Test
    void aFollowUp_keepsThePreviousPicturesModelAndSize_unlessItsWordsAskForAnother() {
        PlanResult.Planned first = planned("a cozy cabin in the snow, like a real photo");
        PriorPlan prior = PriorPlan.of(first.plan());
        List<String> turns = List.of("a cozy cabin in the snow, like a real photo", "make it darker");

        PlanResult.Planned darker = planned(new PlanRequest(turns, List.of(), ModelMask.safeForWork(), java.util.Optional.of(prior)));
        assertEquals(first.plan().model().id(), darker.plan().model().id());
        assertEquals(first.plan().args(), darker.plan().args());

        List<String> phone = List.of("a cozy cabin in the snow, like a real photo", "make it a phone wallpaper");
        PlanResult.Planned tall = planned(new PlanRequest(phone, List.of(), ModelMask.safeForWork(), java.util.Optional.of(prior)));
        assertTrue(tall.plan().args().height() > tall.plan().args().width(), tall.plan().args().summary());
    }
}
