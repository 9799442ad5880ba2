package dev.chatgen.engine.args;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserArgsParserTest {
    private final UserArgsParser parser = new UserArgsParser(Set.of("Euler a", "Euler", "DPM++ 2M Karras", "DDIM"));

    @Test
    void parse_stepsAndCfgInWords() {
        UserArgs a = parser.parse(List.of("a fox, 40 steps and cfg 5.5 please"));
        assertEquals(40, a.steps().orElseThrow());
        assertEquals(5.5, a.cfgScale().orElseThrow());
    }

    @Test
    void parse_longestSamplerNameWins() {
        assertEquals("Euler a", parser.parse(List.of("use euler a")).sampler().orElseThrow());
        assertEquals("DPM++ 2M Karras", parser.parse(List.of("with dpm++ 2m karras")).sampler().orElseThrow());
    }

    @Test
    void parse_phoneWallpaperIsTall() {
        assertEquals(Aspect.TALL, parser.parse(List.of("a forest, for my phone wallpaper")).aspect().orElseThrow());
    }

    @Test
    void parse_bannerIsLandscapeAndSquareCuesAreSquare() {
        assertEquals(Aspect.LANDSCAPE, parser.parse(List.of("wide banner of mountains")).aspect().orElseThrow());
        assertEquals(Aspect.SQUARE, parser.parse(List.of("discord pfp of a cat")).aspect().orElseThrow());
    }

    @Test
    void parse_exactSizeAndRatio() {
        assertArrayEquals(new int[] {1024, 768}, parser.parse(List.of("make it 1024x768")).exactSize().orElseThrow());
        assertEquals(Aspect.WIDE, parser.parse(List.of("in 16:9")).aspect().orElseThrow());
    }

    @Test
    void parse_laterTurnOverridesTheShape() {
        UserArgs a = parser.parse(List.of("a square icon of a fox", "actually make it a phone wallpaper"));
        assertEquals(Aspect.TALL, a.aspect().orElseThrow());
    }

    @Test
    void parse_quickDraft() {
        assertTrue(parser.parse(List.of("just a quick draft of a robot")).draft());
    }

    @Test
    void parse_timesAreNotRatios() {
        assertTrue(parser.parse(List.of("a clock showing 10:30 am")).aspect().isEmpty());
    }
}
