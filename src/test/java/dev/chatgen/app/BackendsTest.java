package dev.chatgen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatgen.config.ChatgenConfig;
import dev.chatgen.config.ConfigLoader;
import dev.chatgen.render.ImageBackend;
import dev.chatgen.testing.SharedEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which backend clients a configuration starts: one per slot, per GPU server. */
class BackendsTest {
    private static ChatgenConfig config(Map<String, String> env) {
        return ConfigLoader.defaults(Path.of("/srv/chatgen"), env);
    }

    @Test
    void theDefault_isOneRecipeCard() {
        List<ImageBackend> slots = Backends.forSlots(config(Map.of()).render(), SharedEngine.catalog());
        assertEquals(List.of("recipe"), slots.stream().map(ImageBackend::name).toList());
    }

    @Test
    void severalBackendsAndServers_getRenderSlotsWorkersEach() {
        ChatgenConfig c = config(Map.of(
                "CHATGEN_RENDER_BACKEND", "a1111, horde",
                "CHATGEN_RENDER_A1111_URL", "http://gpu1:7860, http://gpu2:7860",
                "CHATGEN_RENDER_SLOTS", "2"));
        List<ImageBackend> slots = Backends.forSlots(c.render(), SharedEngine.catalog());

        assertEquals(List.of("a1111", "a1111", "a1111", "a1111", "horde", "horde"), slots.stream().map(ImageBackend::name).toList());
        assertEquals(6, Backends.slotCount(c.render()));
        assertEquals(List.of("a1111 http://gpu1:7860", "a1111 http://gpu2:7860", "horde https://aihorde.net/api"),
                List.copyOf(Services.healthProbes(c.render(), SharedEngine.catalog()).keySet()), "one /healthz probe per server");
    }
}
