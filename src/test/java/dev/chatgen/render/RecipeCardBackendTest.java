package dev.chatgen.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.engine.PlanRequest;
import dev.chatgen.engine.PlanResult;
import dev.chatgen.render.png.A1111Infotext;
import dev.chatgen.render.png.PngChunks;
import dev.chatgen.testing.SharedEngine;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class RecipeCardBackendTest {
    private static GenerationPlan plan(String request) {
        return ((PlanResult.Planned) SharedEngine.engine().plan(PlanRequest.of(request))).plan();
    }

    @Test
    void theCardsInfotext_parsesBackToThePlan() throws Exception {
        GenerationPlan plan = plan("a cute cartoon fox with big eyes, pastel colors, wide banner");
        RenderedImage image = new RecipeCardBackend().render(new RenderRequest(plan, 1234, Optional.empty(), "a cute cartoon fox"),
                RenderProgress.IGNORED);

        A1111Infotext info = A1111Infotext.parse(PngChunks.readText(image.png()).get("parameters"));
        assertEquals(plan.prompt(), info.prompt());
        assertEquals(plan.negativePrompt(), info.negativePrompt());
        assertEquals(Optional.of(plan.args().steps()), info.steps());
        assertEquals(Optional.of(plan.args().sampler()), info.sampler());
        assertEquals(Optional.of(plan.args().cfgScale()), info.cfgScale());
        assertEquals(Optional.of(plan.args().width()), info.width());
        assertEquals(Optional.of(plan.args().height()), info.height());
        assertEquals(Optional.of("1234"), info.param("Seed"));
        assertEquals(Optional.of(plan.checkpoint().name()), info.model());
    }

    @Test
    void theCardIsAPngOfFixedWidth_andSaysWhatRan() throws Exception {
        GenerationPlan plan = plan("a lighthouse at dusk, watercolor");
        RenderedImage image = new RecipeCardBackend().render(RenderRequest.of(plan, 7), RenderProgress.IGNORED);

        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.png()));
        assertEquals(RecipeCard.WIDTH, decoded.getWidth());
        assertEquals(image.height(), decoded.getHeight());
        assertTrue(image.height() > 600 && image.height() < 1400, "height " + image.height());
        assertEquals(plan.checkpoint().id(), image.ran().checkpoint());
        assertEquals(7, image.ran().seed());
    }

    @Test
    void progress_isReported_upTo100() {
        List<Integer> seen = new ArrayList<>();
        new RecipeCardBackend().render(RenderRequest.of(plan("a red fox"), 1), seen::add);
        assertEquals(100, seen.get(seen.size() - 1));
    }

    @Test
    void longText_isCutWithAnEllipsis_withinItsLines() {
        var g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        List<String> lines = RecipeCard.wrap(g, "word ".repeat(400), new Font(Font.SANS_SERIF, Font.PLAIN, 27), 3);

        assertEquals(3, lines.size());
        assertTrue(lines.get(2).endsWith("\u2026"), lines.get(2));
        assertEquals(List.of("short"), RecipeCard.wrap(g, "short", new Font(Font.SANS_SERIF, Font.PLAIN, 27), 3));
    }

    @Test
    void installedModels_isEverything() {
        assertTrue(new RecipeCardBackend().installedModels().everything());
    }
}
