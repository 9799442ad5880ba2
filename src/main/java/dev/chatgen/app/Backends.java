package dev.chatgen.app;

import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.config.RenderConfig;
import dev.chatgen.render.ImageBackend;
import dev.chatgen.render.RecipeCardBackend;
import dev.chatgen.render.a1111.A1111Backend;
import dev.chatgen.render.comfy.ComfyBackend;
import dev.chatgen.render.horde.HordeBackend;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The configured image backend, one client per worker slot. */
final class Backends {
    /** How the bot introduces itself to the AI Horde, which asks every client for one. */
    static final String CLIENT_AGENT = "chatgen-bot:0.1:https://github.com/chatgen-bot";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private Backends() {
    }

    static int slotCount(RenderConfig render) {
        return render.slots();
    }

    static List<ImageBackend> forSlots(RenderConfig render, ModelCatalog catalog) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        List<ImageBackend> slots = new ArrayList<>();
        for (int i = 0; i < render.slots(); i++) {
            slots.add(create(render, catalog, http));
        }
        return slots;
    }

    private static ImageBackend create(RenderConfig render, ModelCatalog catalog, HttpClient http) {
        return switch (render.backend()) {
            case RECIPE -> new RecipeCardBackend();
            case HORDE -> new HordeBackend(render.horde().url(), render.horde().apiKey(), CLIENT_AGENT, http, REQUEST_TIMEOUT,
                    render.pollInterval(), render.timeout(), catalog.models().stream().filter(T2IModel::isLora).toList());
            // A1111's txt2img answers only when the picture is done: its request may take the whole render.
            case A1111 -> new A1111Backend(render.a1111().url(), render.a1111().auth(), http, render.timeout(), render.pollInterval());
            case COMFYUI -> new ComfyBackend(render.comfyui().url(), http, REQUEST_TIMEOUT, render.pollInterval(), render.timeout());
        };
    }
}
