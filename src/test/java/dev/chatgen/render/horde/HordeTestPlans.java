package dev.chatgen.render.horde;

import dev.chatgen.catalog.CatalogLoader;
import dev.chatgen.catalog.GenArgs;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.GenerationPlan;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Plans built from the real catalog, and a backend wired to a fake Horde with test-sized waits. */
final class HordeTestPlans {
    static final ModelCatalog CATALOG = CatalogLoader.load(Path.of("bot-config/catalog/models.jsonl"),
            Path.of("bot-config/catalog/demonstrations.jsonl"));
    static final String CLIENT_AGENT = "chatgen-bot:0.1:https://github.com/chatgen/chatgen-bot";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HordeTestPlans() {
    }

    static T2IModel model(String id) {
        return CATALOG.find(id).orElseThrow();
    }

    /** Realistic Vision with the Detail Tweaker LoRA (weight 0.5), the way the engine writes it. */
    static GenerationPlan loraPlan(GenArgs args) {
        T2IModel lora = model("add_detail");
        return new GenerationPlan("RAW photo of a lighthouse at dusk, " + lora.loraTag() + ", film grain",
                "cgi, cartoon, <lora:bad_hands:1>", lora, model("realisticVisionV51_v51VAE"), List.of(lora), args);
    }

    static GenerationPlan plainPlan(String checkpointId, GenArgs args) {
        T2IModel checkpoint = model(checkpointId);
        return new GenerationPlan("a red fox in fresh snow", "blurry", checkpoint, checkpoint, List.of(), args);
    }

    /** Within what the Horde gives anonymous users: 576x576 or less, 25 steps for DPM++ SDE. */
    static GenArgs smallArgs() {
        return new GenArgs("DPM++ SDE Karras", 24, 5.5, 512, 576);
    }

    static HordeBackend backend(URI url, String key, Duration renderTimeout) {
        return new HordeBackend(url, key, CLIENT_AGENT, HTTP, Duration.ofSeconds(2), Duration.ofMillis(10), renderTimeout,
                CATALOG.models().stream().filter(T2IModel::isLora).toList());
    }

    static HordeBackend backend(FakeHorde fake) {
        return backend(fake.baseUrl(), FakeHorde.ANONYMOUS, Duration.ofSeconds(5));
    }
}
