package dev.chatgen.engine.prompt;

import dev.chatgen.catalog.Demonstration;
import dev.chatgen.catalog.GenArgs;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestReaderTest {
    private static final GenArgs ARGS = new GenArgs("Euler a", 25, 7, 512, 512);

    /** Demonstrations in which "can", "you", "make", "me" never reach the prompt and "castle" always does. */
    private static final KeepRates RATES = KeepRates.learn(List.of(
            demo("can you make me a castle", "castle, masterpiece"),
            demo("can you make me a castle at night", "castle, night"),
            demo("make me a dragon", "dragon, best quality"),
            demo("can you make a dog", "dog, photo")));

    private static Demonstration demo(String input, String prompt) {
        return new Demonstration(input, "m", prompt, "", ARGS, input, "", List.of());
    }

    private final RequestReader reader = new RequestReader(RATES, 4000);

    @Test
    void read_dropsChatFillerAndKeepsTheSubject() {
        ReadRequest r = reader.read(List.of("can you make me a castle pls"));
        assertEquals(List.of("castle"), r.subject());
    }

    @Test
    void read_turnsNoXIntoAnExclusion() {
        ReadRequest r = reader.read(List.of("a quirky monster with bee vibes, colorful, no pink"));
        assertEquals(List.of("pink"), r.exclusions());
        assertFalse(String.join(" ", r.subject()).contains("pink"), r.subject().toString());
        assertTrue(r.subject().contains("colorful"), r.subject().toString());
    }

    @Test
    void read_laterTurnReplacesTheSameAspect() {
        ReadRequest r = reader.read(List.of("lighthouse on a cliff at sunset", "now at night"));
        String subject = String.join(" | ", r.subject());
        assertTrue(subject.contains("night"), subject);
        assertFalse(subject.contains("sunset"), subject);
        assertFalse(subject.contains("now"), "\"now\" names the change, not the picture: " + subject);
        assertTrue(subject.contains("lighthouse"), subject);
    }

    @Test
    void read_laterNoRemovesEarlierMention() {
        ReadRequest r = reader.read(List.of("a cat on a sofa, with a red ball", "no ball"));
        assertFalse(String.join(" ", r.subject()).contains("ball"), r.subject().toString());
    }

    @Test
    void read_emojiOnlyBecomesWords() {
        ReadRequest r = reader.read(List.of("🐝🌻"));
        String subject = String.join(" ", r.subject());
        assertTrue(subject.contains("honeybee") && subject.contains("sunflower"), subject);
        assertTrue(r.notes().get(0).startsWith("emoji read as words"), r.notes().toString());
    }

    @Test
    void read_veryLongMessageIsCutWithANote() {
        ReadRequest r = new RequestReader(RATES, 4000).read(List.of("castle ".repeat(2900)));
        assertTrue(r.conversation().length() <= 4000);
        assertEquals("the message was 20300 characters; I read the first 4000", r.notes().get(0));
    }

    @Test
    void read_emptyOrBlankIsEmpty() {
        assertTrue(reader.read(List.of("   ")).isEmpty());
        assertTrue(reader.read(List.of("")).isEmpty());
    }

    @Test
    void read_hyphenatedWordsStayWhole() {
        ReadRequest r = reader.read(List.of("a 16-bit castle, sci-fi"));
        assertEquals(List.of("16-bit castle", "sci-fi"), r.subject());
    }

    @Test
    void read_nonEnglishTextIsKept() {
        ReadRequest r = reader.read(List.of("un château dans la forêt, style aquarelle"));
        assertTrue(String.join(" ", r.subject()).contains("château"), r.subject().toString());
    }
}
