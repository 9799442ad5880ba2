package dev.chatgen.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> KEYS = List.of("render.a1111.url", "render.comfyui.url", "render.backend",
            "engine.model-tokens.epochs");

    @Test
    void distance_swapOfNeighbours_isOneEdit() {
        assertEquals(1, Suggestions.distance("modle", "model"));
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
        assertEquals(0, Suggestions.distance("", ""));
        assertEquals(4, Suggestions.distance("", "abcd"));
    }

    @Test
    void closest_typo_isSuggested() {
        assertEquals(Optional.of("render.backend"), Suggestions.closest("render.bakcend", KEYS));
    }

    @Test
    void closest_unrelated_isEmpty() {
        assertEquals(Optional.empty(), Suggestions.closest("telemetry.enabled", KEYS));
    }

    @Test
    void closest_sameLastSegment_isSuggestedWhenUnique() {
        assertEquals(Optional.of("engine.model-tokens.epochs"), Suggestions.closest("training.epochs", KEYS));
        assertEquals(Optional.empty(), Suggestions.closest("server.url", KEYS), "two keys end in .url");
    }
}
