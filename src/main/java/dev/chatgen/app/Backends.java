package dev.chatgen.app;

import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.config.RenderBackend;
import dev.chatgen.config.RenderConfig;
import dev.chatgen.render.ImageBackend;
import dev.chatgen.render.RecipeCardBackend;
import dev.chatgen.render.a1111.A1111Backend;
import dev.chatgen.render.comfy.ComfyBackend;
import dev.chatgen.render.horde.HordeBackend;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The configured image backends, one client per worker slot. */
final class Backends {
    /** How the bot introduces itself to the AI Horde, which asks every client for one. */
    static final String CLIENT_AGENT = "chatgen-bot:0.1:https://github.com/chatgen-bot";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private Backends() {
    }

    static int slotCount(RenderConfig render) {
        int endpoints = 0;
        for (RenderBackend kind : new LinkedHashSet<>(render.backends())) {
            endpoints += switch (kind) {
                case RECIPE, HORDE -> 1;
                case A1111 -> render.a1111().urls().size();
                case COMFYUI -> render.comfyui().urls().size();
            };
        }
        return endpoints * render.slots();
    }

    /**
     * One client per worker slot: {@code render.slots} for each configured backend, and for
     * AUTOMATIC1111 and ComfyUI that many for each server URL (one GPU machine each).
     */
    static List<ImageBackend> forSlots(RenderConfig render, ModelCatalog catalog) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        List<T2IModel> loras = catalog.models().stream().filter(T2IModel::isLora).toList();
        List<ImageBackend> slots = new ArrayList<>();
        for (RenderBackend kind : new LinkedHashSet<>(render.backends())) {
            for (int i = 0; i < render.slots(); i++) {
                switch (kind) {
                    case RECIPE -> slots.add(new RecipeCardBackend());
                    case HORDE -> slots.add(new HordeBackend(render.horde().url(), render.horde().apiKey(), CLIENT_AGENT, http,
                            REQUEST_TIMEOUT, render.pollInterval(), render.timeout(), loras));
                    // A1111's txt2img answers only when the picture is done: its request may take the whole render.
                    case A1111 -> render.a1111().urls().forEach(url -> slots.add(
                            new A1111Backend(url, render.a1111().auth(), http, render.timeout(), render.pollInterval())));
                    case COMFYUI -> render.comfyui().urls().forEach(url -> slots.add(
                            new ComfyBackend(url, http, REQUEST_TIMEOUT, render.pollInterval(), render.timeout())));
                }
            }
        }
        return slots;
    }
}
