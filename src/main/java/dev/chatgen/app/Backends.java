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

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The configured image backends, one client per worker slot. */
final class Backends {
    /** How the bot introduces itself to the AI Horde, which asks every client for one. */
    static final String CLIENT_AGENT = "chatgen-bot:0.1:https://github.com/chatgen-bot";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private Backends() {
    }

    /** One server of one backend kind: RECIPE and HORDE have one each, AUTOMATIC1111 and ComfyUI one per URL. */
    record Endpoint(RenderBackend kind, Optional<URI> url) {
        /** "a1111 http://gpu:7860", "recipe": how logs and /healthz name it. */
        String name() {
            return kind.name().toLowerCase(Locale.ROOT) + url.map(u -> " " + u).orElse("");
        }
    }

    static List<Endpoint> endpoints(RenderConfig render) {
        List<Endpoint> out = new ArrayList<>();
        for (RenderBackend kind : new LinkedHashSet<>(render.backends())) {
            switch (kind) {
                case RECIPE -> out.add(new Endpoint(kind, Optional.empty()));
                case HORDE -> out.add(new Endpoint(kind, Optional.of(render.horde().url())));
                case A1111 -> render.a1111().urls().forEach(u -> out.add(new Endpoint(kind, Optional.of(u))));
                case COMFYUI -> render.comfyui().urls().forEach(u -> out.add(new Endpoint(kind, Optional.of(u))));
            }
        }
        return out;
    }

    static int slotCount(RenderConfig render) {
        return endpoints(render).size() * render.slots();
    }

    /**
     * One client per worker slot: {@code render.slots} for each configured backend, and for
     * AUTOMATIC1111 and ComfyUI that many for each server URL (one GPU machine each).
     */
    static List<ImageBackend> forSlots(RenderConfig render, ModelCatalog catalog) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        List<Endpoint> endpoints = endpoints(render);
        List<ImageBackend> slots = new ArrayList<>();
        for (RenderBackend kind : new LinkedHashSet<>(render.backends())) {
            for (int i = 0; i < render.slots(); i++) {
                for (Endpoint e : endpoints) {
                    if (e.kind() == kind) {
                        slots.add(client(render, e, http, catalog));
                    }
                }
            }
        }
        return slots;
    }

    /** A client of one endpoint. */
    static ImageBackend client(RenderConfig render, Endpoint e, HttpClient http, ModelCatalog catalog) {
        return switch (e.kind()) {
            case RECIPE -> new RecipeCardBackend();
            case HORDE -> new HordeBackend(e.url().orElseThrow(), render.horde().apiKey(), CLIENT_AGENT, http, REQUEST_TIMEOUT,
                    render.pollInterval(), render.timeout(), catalog.models().stream().filter(T2IModel::isLora).toList());
            // A1111's txt2img answers only when the picture is done: its request may take the whole render.
            case A1111 -> new A1111Backend(e.url().orElseThrow(), render.a1111().auth(), http, render.timeout(), render.pollInterval());
            case COMFYUI -> new ComfyBackend(e.url().orElseThrow(), http, REQUEST_TIMEOUT, render.pollInterval(), render.timeout());
        };
    }

    /** A client with its own HTTP connections, for asking one endpoint how it is (never behind a render). */
    static ImageBackend probe(RenderConfig render, Endpoint e, ModelCatalog catalog) {
        return client(render, e, HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build(), catalog);
    }
}
