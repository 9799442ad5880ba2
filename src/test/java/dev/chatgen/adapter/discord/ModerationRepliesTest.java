package dev.chatgen.adapter.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatgen.moderation.ForgetMe;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The words of the moderation commands, without Discord: forget-me's answer, rule suggestions, long answers cut. */
class ModerationRepliesTest {
    private static final List<String> IDS = IntStream.range(0, 40).mapToObj(i -> "model" + i).toList();
    private final RuleSuggestions suggestions = new RuleSuggestions(
            (text, most) -> IDS.stream().filter(id -> id.contains(text)).limit(most).toList());

    @Test
    void forgetMe_saysWhatWent_inPlainWords() {
        assertEquals("Deleted 3 messages, 1 picture request, 2 pictures and 1 attachment.",
                ForgetMeSlashCommand.told(new ForgetMe.Forgotten(3, 1, 2, 1)));
        assertEquals("Deleted 1 message.", ForgetMeSlashCommand.told(new ForgetMe.Forgotten(1, 0, 0, 0)));
        assertEquals("I had nothing stored about you.", ForgetMeSlashCommand.told(new ForgetMe.Forgotten(0, 0, 0, 0)));
    }

    @Test
    void suggestions_fitWhatWasTyped_atMost25() {
        assertEquals(25, suggestions.of("").size());
        assertEquals(List.of("type:lora", "type:checkpoint"), suggestions.of("ty"));
        assertEquals(List.of("type:lora"), suggestions.of("LoRA"));
        assertEquals(List.of("base:SD 1.5", "base:SDXL 1.0"), suggestions.of("base:sd"));
        assertEquals(List.of("tag:"), suggestions.of("ta"));
        assertEquals(List.of("model:model3", "model:model13", "model:model23", "model:model30", "model:model31", "model:model32",
                "model:model33", "model:model34", "model:model35", "model:model36", "model:model37", "model:model38", "model:model39"),
                suggestions.of("model:3"));
        assertEquals(List.of(), suggestions.of("type:x"));
    }

    @Test
    void aLongAnswer_keepsWholeLines_withinDiscordsLimit_andSaysSomeAreLeftOut() {
        String audit = String.join("\n", IntStream.range(0, 15).mapToObj(i -> i + " " + "x".repeat(150)).toList());
        String fitted = ModelsSlashCommand.fit(audit);
        assertTrue(fitted.length() <= 2000, fitted.length() + "");
        assertTrue(fitted.endsWith("\n\u2026"), fitted);
        assertTrue(audit.lines().toList().containsAll(fitted.lines().filter(l -> !l.equals("\u2026")).toList()), "whole lines only");
        assertEquals("short", ModelsSlashCommand.fit("short"));
    }
}
