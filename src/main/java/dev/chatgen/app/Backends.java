package dev.chatgen.app;

import dev.chatgen.config.RenderConfig;
import dev.chatgen.render.ImageBackend;
import dev.chatgen.render.RecipeCardBackend;

import java.util.ArrayList;
import java.util.List;

/** The configured image backend, one client per worker slot. */
final class Backends {
    private Backends() {
    }

    static int slotCount(RenderConfig render) {
        return render.slots();
    }

    static List<ImageBackend> forSlots(RenderConfig render) {
        List<ImageBackend> slots = new ArrayList<>();
        for (int i = 0; i < render.slots(); i++) {
            slots.add(create(render));
        }
        return slots;
    }

    private static ImageBackend create(RenderConfig render) {
        return switch (render.backend()) {
            case RECIPE -> new RecipeCardBackend();
            case A1111, COMFYUI, HORDE -> throw new UserInputException("render.backend " + render.backend().name().toLowerCase()
                    + " is not available in this build yet; use recipe.");
        };
    }
}
