package dev.chatgen.engine.prompt;

import dev.chatgen.catalog.BaseModel;
import dev.chatgen.catalog.Demonstration;
import dev.chatgen.catalog.GenArgs;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.ModelType;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.encode.DemoIndex;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StyleBorrowingPromptWriterTest {
    private static final GenArgs ARGS = new GenArgs("Euler a", 25, 7, 512, 512);
    private static final T2IModel PHOTO = new T2IModel("photo", "Photo", "1", ModelType.CHECKPOINT, BaseModel.SD15, "real photos",
            List.of("photo"), List.of(), null, null, false);
    private static final T2IModel PIXEL = new T2IModel("pixel", "Pixel", "1", ModelType.LORA, BaseModel.SD15, "pixel art",
            List.of("pixel art"), List.of("pixel art"), 0.8, "photo", false);

    private static Demonstration demo(String id, String model, String prompt, String negative) {
        return new Demonstration(id, model, prompt, negative, ARGS, "x", "", List.of());
    }

    private static final T2IModel INK = new T2IModel("ink", "Ink", "1", ModelType.CHECKPOINT, BaseModel.SD15, "ink",
            List.of("ink"), List.of(), null, null, false);

    private final ModelCatalog catalog = new ModelCatalog(List.of(PHOTO, PIXEL, INK), List.of(
            demo("p1", "photo", "RAW photo, old man, 8k uhd, film grain", "cartoon, blurry"),
            demo("p2", "photo", "RAW photo, a red car, desert, 8k uhd, film grain", "cartoon, blurry"),
            demo("p3", "photo", "RAW photo, kitchen, soft light, 8k uhd", "lowres"),
            demo("p4", "pixel", "<lora:pixel:0.8>, soft light, tower", "blurry"),
            demo("x1", "pixel", "<lora:pixel:0.8>, pixel art, castle, soft light", "blurry"),
            demo("i1", "ink", "ink wash, crane, soft light", "color")));
    // p3 is the photo demonstration nearest to the request direction (0, 1).
    private final DemoIndex index = new DemoIndex(catalog, new float[][] {{1, 0}, {1, 0}, {0, 1}, {1, 0}, {1, 0}, {1, 0}});
    private final StyleBorrowingPromptWriter writer = new StyleBorrowingPromptWriter(catalog, index);
    private static final float[] H = {0, 1};

    @Test
    void write_framesTheSubjectWithTheModelsRecurringSegmentsAndTheNearestDemosVocabulary() {
        ReadRequest request = new ReadRequest("a cabin in snow", List.of("cabin", "snow"), List.of(), List.of());
        WrittenPrompt p = writer.write(request, PHOTO, H);
        // "soft light" is shared vocabulary (three models use it, unasked) and p3, the nearest, has it; "kitchen" is p3's own subject.
        assertEquals("RAW photo, cabin, snow, soft light, 8k uhd, film grain", p.prompt());
        assertEquals("cartoon, blurry", p.negativePrompt());
        assertEquals("p3", p.styleFrom().get(0));
    }

    @Test
    void write_exclusionsLeadTheNegativePrompt() {
        ReadRequest request = new ReadRequest("a monster, no pink", List.of("monster"), List.of("pink"), List.of());
        WrittenPrompt p = writer.write(request, PHOTO, H);
        assertEquals("pink, cartoon, blurry", p.negativePrompt());
        assertTrue(p.notes().contains("left out as asked: pink"));
    }

    @Test
    void write_loraBringsItsTagAndTriggerWords() {
        ReadRequest request = new ReadRequest("a knight", List.of("knight"), List.of(), List.of());
        WrittenPrompt p = writer.write(request, PIXEL, H);
        assertTrue(p.prompt().startsWith("<lora:pixel:0.8>, pixel art"), p.prompt());
        assertTrue(p.prompt().contains("knight"), p.prompt());
    }

    @Test
    void write_styleTheSubjectRepeatsIsSaidOnce() {
        ReadRequest request = new ReadRequest("pixel art of a knight", List.of("pixel art of a knight"), List.of(), List.of());
        WrittenPrompt p = writer.write(request, PIXEL, H);
        assertTrue(p.prompt().startsWith("<lora:pixel:0.8>, pixel art, a knight"), p.prompt());
    }
}
