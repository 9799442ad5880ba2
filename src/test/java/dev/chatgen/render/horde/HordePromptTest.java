package dev.chatgen.render.horde;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HordePromptTest {

    @Test
    void joinsWithTheHordesSeparatorAndDropsLoraTags() {
        assertEquals("a cat, photo ### blurry",
                HordePrompt.of("<lora:add_detail:0.5>, a cat, <lora:x:1>, photo", "blurry, <lora:neg:0.2>"));
    }

    @Test
    void leavesOutTheSeparatorWithoutANegative() {
        assertEquals("a cat", HordePrompt.of("a cat <lora:add_detail:0.5>", ""));
        assertEquals("a cat", HordePrompt.of("a cat", "<lora:only:1>"));
    }
}
