package dev.chatgen.render.comfy;

import dev.chatgen.catalog.CatalogLoader;
import dev.chatgen.catalog.GenArgs;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.GenerationPlan;

import java.nio.file.Path;
import java.util.List;

/** Plans built from the real catalog, as the engine would hand them to a backend. */
final class Plans {
    static final ModelCatalog CATALOG = CatalogLoader.load(Path.of("bot-config/catalog/models.jsonl"),
            Path.of("bot-config/catalog/demonstrations.jsonl"));

    private Plans() {
    }

    static T2IModel model(String id) {
        return CATALOG.find(id).orElseThrow(() -> new AssertionError("catalog has no " + id));
    }

    /** Realistic Vision alone, DPM++ 2M Karras. */
    static GenerationPlan checkpointOnly() {
        T2IModel rv = model("realisticVisionV51_v51VAE");
        return new GenerationPlan("RAW photo, an old lighthouse at dusk, 8k uhd, film grain",
                "cgi, 3d, cartoon", rv, rv, List.of(), new GenArgs("DPM++ 2M Karras", 25, 6.5, 512, 768));
    }

    /** Detail Tweaker (weight 0.5) on its base Realistic Vision, its tag in the prompt as the engine writes it. */
    static GenerationPlan withLora() {
        T2IModel lora = model("add_detail");
        T2IModel rv = model("realisticVisionV51_v51VAE");
        return new GenerationPlan("RAW photo, a fishing harbour at dawn, " + lora.loraTag(),
                "blurry, lowres", lora, rv, List.of(lora), new GenArgs("DPM++ SDE Karras", 30, 5, 768, 512));
    }

    static GenerationPlan with(GenerationPlan plan, GenArgs args) {
        return new GenerationPlan(plan.prompt(), plan.negativePrompt(), plan.model(), plan.checkpoint(), plan.loras(), args);
    }
}
