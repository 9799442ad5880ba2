package dev.chatgen.engine.llm;

import dev.chatgen.catalog.BaseModel;
import dev.chatgen.catalog.Demonstration;
import dev.chatgen.catalog.GenArgs;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.ModelType;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.encode.DemoIndex;

import java.time.Duration;
import java.util.List;

/**
 * Three models and their demonstrations on a two-dimensional "encoder": requests near (1, 0) are
 * photos of things, near (0, 1) portraits. Enough for the LLM stages without MiniLM.
 */
final class TinyCatalog {
    static final Duration TIMEOUT = Duration.ofMillis(300);

    static final T2IModel PHOTO = new T2IModel("photo", "Photo Real", "v5", ModelType.CHECKPOINT, BaseModel.SD15,
            "realistic photos", List.of("photo", "realistic"), List.of(), null, null, false);
    static final T2IModel PIXEL = new T2IModel("pixel", "Pixel Art", "1", ModelType.LORA, BaseModel.SD15, "16-bit pixel art",
            List.of("pixel art"), List.of("pixel art", "16-bit"), 0.8, "photo", false);
    static final T2IModel XL = new T2IModel("xl", "Juggernaut XL", "9", ModelType.CHECKPOINT, BaseModel.SDXL, "everything, large",
            List.of("sdxl"), List.of(), null, null, false);

    static final float[] THINGS = {1, 0};
    static final float[] PORTRAITS = {0, 1};

    static final ModelCatalog CATALOG = new ModelCatalog(List.of(PHOTO, PIXEL, XL), List.of(
            demo("p1", "photo", "RAW photo, an old red car, desert road, 8k uhd", "cartoon", new GenArgs("DPM++ 2M Karras", 25, 7, 768, 512),
                    "old red car on a desert road, real photo"),
            demo("p2", "photo", "RAW photo, portrait of a fisherman, film grain", "cartoon", new GenArgs("Euler a", 30, 6, 512, 768),
                    "portrait of an old fisherman"),
            demo("x1", "pixel", "<lora:pixel:0.8>, pixel art, 16-bit, a castle", "blurry", new GenArgs("Euler a", 20, 7, 512, 512),
                    "a castle like an old video game"),
            demo("l1", "xl", "a lighthouse at dusk, cinematic", "lowres", new GenArgs("DPM++ 2M Karras", 30, 5, 1216, 832),
                    "lighthouse at dusk, wide"),
            demo("l2", "xl", "portrait of a queen, oil painting", "lowres", new GenArgs("Euler a", 40, 6.5, 832, 1216),
                    "a queen painted in oils")));
    static final DemoIndex INDEX = new DemoIndex(CATALOG, new float[][] {THINGS, PORTRAITS, THINGS, THINGS, PORTRAITS});

    private TinyCatalog() {
    }

    private static Demonstration demo(String id, String model, String prompt, String negative, GenArgs args, String input) {
        return new Demonstration(id, model, prompt, negative, args, input, "", List.of());
    }

    static ChatCompletions client(FakeOpenAi server) {
        return new ChatCompletions(ChatCompletions.httpClient(TIMEOUT), new LlmEndpoint(server.url(), "qwen2.5-7b", "", TIMEOUT));
    }

    static ChatCompletions chatGenClient(FakeOpenAi server) {
        return new ChatCompletions(ChatCompletions.httpClient(TIMEOUT), new LlmEndpoint(server.url(), "chatgen-evo", "", TIMEOUT));
    }
}
