package dev.chatgen.engine.prompt;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SegmentsTest {
    @Test
    void split_keepsCommasInsideAttentionBrackets() {
        assertEquals(List.of("(masterpiece, best quality:1.2)", "castle", "<lora:add_detail:0.5>"),
                Segments.split("(masterpiece, best quality:1.2), castle,, <lora:add_detail:0.5>"));
    }

    @Test
    void key_ignoresCaseAndSpacing() {
        assertEquals("raw photo", Segments.key("  RAW   Photo "));
    }
}
