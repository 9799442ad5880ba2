package dev.chatgen.moderation;

import dev.chatgen.moderation.PromptSafety.Blocked;
import dev.chatgen.moderation.PromptSafety.Sanitized;
import dev.chatgen.moderation.PromptSafety.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptSafetyTest {
    private static final PromptSafety DEFAULTS = new PromptSafety(SafetyRules.defaults());
    // What A1111 itself reads as an extra network (modules/extra_networks.py, re_extra_net).
    private static final Pattern A1111_TAG = Pattern.compile("<\\w+:[^>]+>");

    private static Optional<Blocked> check(PromptSafety safety, String text) {
        return safety.check(text, Stage.REQUEST);
    }

    // --- check: terms ---

    @ParameterizedTest
    @ValueSource(strings = {
            "a cute loli", "LoLi", "LOLI girl", "lo\u200Bli", "l\u043Eli", "lólí", "ｌｏｌｉ", "l0li", "l o l i",
            "l.o.l.i", "l-o-l-i style", "draw a l o l i please", "<lora:loli_v2:1>", "two lolis"})
    void check_blocksATermHoweverItIsWritten(String text) {
        assertEquals(Optional.of(new Blocked("term \"loli\"", Stage.REQUEST)), check(DEFAULTS, text));
    }

    @Test
    void check_reportsTheStageItWasAskedAbout() {
        assertEquals(Stage.PROMPT, DEFAULTS.check("masterpiece, shota", Stage.PROMPT).orElseThrow().stage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"child porn", "CHILD-PORN", "child  porn!", "childporn", "ch1ld p0rn"})
    void check_matchesAMultiWordTermAsAWordSequence(String text) {
        assertEquals("term \"child porn\"", check(DEFAULTS, text).orElseThrow().rule());
    }

    @Test
    void check_wordSequenceMustBeWhole() {
        assertEquals(Optional.empty(), check(DEFAULTS, "a child portrait"));
        assertEquals(Optional.empty(), check(DEFAULTS, "wild child, portrait of a porcupine"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "a classic car", "a cocktail party", "assassin's creed", "Scunthorpe United", "a bass guitar",
            "a peacock", "Essex countryside", "a cockpit view"})
    void check_neverMatchesInsideALongerWord(String text) {
        PromptSafety strict = new PromptSafety(SafetyRules.parse("ass, cock, cunt, sex", "", ""));
        assertEquals(Optional.empty(), check(strict, text));
    }

    @Test
    void check_theWholeWordRuleStillBlocksTheWord() {
        PromptSafety strict = new PromptSafety(SafetyRules.parse("ass, cock, cunt", "", ""));
        assertEquals("term \"ass\"", check(strict, "a big ass").orElseThrow().rule());
        assertEquals("term \"cock\"", check(strict, "c0ck").orElseThrow().rule());
        assertEquals("term \"cunt\"", check(strict, "c u n t").orElseThrow().rule());
    }

    @Test
    void check_aSpelledOutWordMayStartWithAnArticleLetter() {
        PromptSafety safety = new PromptSafety(SafetyRules.parse("idiot", "", ""));
        assertEquals("term \"idiot\"", check(safety, "you i d i o t").orElseThrow().rule());
    }

    @Test
    void check_numbersAreNotReadAsLeetspeak() {
        // were "30" read as "eo" or "1024x768" as "io2axt68", these rules would fire
        PromptSafety rules = new PromptSafety(SafetyRules.parse("eo", "[a-z]x[a-z]", ""));
        assertEquals(Optional.empty(), check(rules, "a wallpaper, 1024x768, 30 steps"));
        assertTrue(check(rules, "e0 is a word").isPresent()); // the rule itself works
    }

    @Test
    void check_defaultsLeaveOrdinaryPromptsAlone() {
        for (String text : List.of("a red fox in the snow, 30 steps, 1024x768", "nude color lipstick, beauty shot",
                "a child reading a book under a tree", "a cat at a picnic", "take a break", "a gothic lolita dress")) {
            assertEquals(Optional.empty(), check(DEFAULTS, text), text);
        }
    }

    @Test
    void check_defaultPatternBlocksAMinorNearASexualWord() {
        for (String text : List.of("a naked child", "12yo girl, nude", "a 9 year old, sexy pose", "nude photo of kids")) {
            assertTrue(check(DEFAULTS, text).orElseThrow().rule().startsWith("pattern \""), text);
        }
    }

    // --- check: patterns ---

    @Test
    void check_patternsFindInTheFoldedText() {
        PromptSafety safety = new PromptSafety(SafetyRules.parse("", "\\bGORE\\b;;blood ?bath", ""));
        assertEquals("pattern \"\\bGORE\\b\"", check(safety, "lots of g0re").orElseThrow().rule());
        assertEquals("pattern \"blood ?bath\"", check(safety, "a Blood-Bath").orElseThrow().rule());
        assertEquals("pattern \"blood ?bath\"", check(safety, "b l o o d b a t h").orElseThrow().rule());
        assertEquals(Optional.empty(), check(safety, "gorey details"));
    }

    @Test
    void check_termsAreTriedBeforePatterns() {
        PromptSafety safety = new PromptSafety(SafetyRules.parse("fox", "red", ""));
        assertEquals("term \"fox\"", check(safety, "a red fox").orElseThrow().rule());
    }

    // --- negativePrompt ---

    @Test
    void negativePrompt_putsThePrefixFirstWithoutRepeats() {
        assertEquals("nsfw, nude, naked, lowres, watermark, blurry, (bad hands, extra fingers:1.2), text",
                DEFAULTS.negativePrompt("NSFW, blurry,, (bad hands, extra fingers:1.2), Lowres , blurry, text"));
    }

    @Test
    void negativePrompt_keepsAWeightedGroupWhole() {
        // "nude" inside the group is not a repeat of the prefix's item; taking it out would change the group
        assertEquals("nsfw, nude, naked, lowres, watermark, (lowres, nude, blurry:1.3)",
                DEFAULTS.negativePrompt("(lowres, nude, blurry:1.3)"));
    }

    @Test
    void negativePrompt_ofAnEmptyPlanIsThePrefix() {
        assertEquals(SafetyRules.DEFAULT_NEGATIVE_PREFIX, DEFAULTS.negativePrompt(""));
    }

    @Test
    void negativePrompt_withoutAPrefixIsThePlansOwn() {
        PromptSafety noPrefix = new PromptSafety(SafetyRules.parse("", "", null));
        assertEquals("blurry, text", noPrefix.negativePrompt("blurry, text, Blurry"));
    }

    // --- sanitizeRequest ---

    @Test
    void sanitizeRequest_removesAnInjectedLoraTag() {
        Sanitized s = PromptSafety.sanitizeRequest("a cat <lora:evil:1.5>");
        assertEquals("a cat", s.text());
        assertEquals(List.of("<lora:evil:1.5>"), s.removed());
    }

    @Test
    void sanitizeRequest_keepsTheWordsATagWasGluedBetween() {
        assertEquals("a cat dog", PromptSafety.sanitizeRequest("a cat<lora:x:1>dog").text());
    }

    @Test
    void sanitizeRequest_removesEveryExtraNetworkTag() {
        Sanitized s = PromptSafety.sanitizeRequest(
                "<lyco:a:1>a fox, <hypernet:b:0.5>, in snow<embedding:c>, <whatever:d:2> at night");
        assertEquals("a fox, in snow, at night", s.text());
        assertEquals(List.of("<lyco:a:1>", "<hypernet:b:0.5>", "<embedding:c>", "<whatever:d:2>"), s.removed());
    }

    @Test
    void sanitizeRequest_removesComfyEmbeddingWords() {
        Sanitized s = PromptSafety.sanitizeRequest("(embedding:bad:1.2) a cat, embedding:evil");
        assertEquals("a cat", s.text());
        assertEquals(List.of("embedding:bad:1.2", "embedding:evil"), s.removed());
    }

    @Test
    void sanitizeRequest_seesTagsHiddenByWidthOrInvisibleCharacters() {
        assertEquals("a fox", PromptSafety.sanitizeRequest("a fox ＜lora：evil：1＞").text());
        assertEquals("a fox", PromptSafety.sanitizeRequest("a fox <lo\u200Bra:evil:1>").text());
    }

    @Test
    void sanitizeRequest_leavesNoTagBehindANestedOne() {
        Sanitized s = PromptSafety.sanitizeRequest("a fox <lo<lora:x:1>ra:evil:1>");
        assertFalse(A1111_TAG.matcher(s.text()).find(), s.text());
    }

    @Test
    void sanitizeRequest_removesPastedInfotext() {
        Sanitized s = PromptSafety.sanitizeRequest("a red fox, snow\n"
                + "Negative prompt: ugly, blurry\n"
                + "Steps: 150, Sampler: DPM++ 2M, CFG scale: 30, Seed: 42, Size: 512x768, Model: evil, "
                + "ADetailer model: face_yolov8n.pt, Lora hashes: \"evil: 1234, x: 5\"");
        assertEquals("a red fox, snow", s.text());
        assertEquals(List.of("Negative prompt: ugly, blurry", "Steps: 150, Sampler: DPM++ 2M, CFG scale: 30, Seed: 42, Size: 512x768, "
                + "Model: evil, ADetailer model: face_yolov8n.pt, Lora hashes: \"evil: 1234, x: 5\""), s.removed());
    }

    @Test
    void sanitizeRequest_keepsTheWordsBeforeAParameterLineOnTheSameLine() {
        Sanitized s = PromptSafety.sanitizeRequest("a watercolor cat Steps: 150, Sampler: Euler a, CFG scale: 30");
        assertEquals("a watercolor cat", s.text());
        assertEquals(List.of("Steps: 150, Sampler: Euler a, CFG scale: 30"), s.removed());
    }

    @Test
    void sanitizeRequest_removesInfotextKeysInASentence() {
        Sanitized s = PromptSafety.sanitizeRequest("a fox in a forest, Steps: 150, CFG scale: 30, at dawn");
        assertEquals("a fox in a forest, at dawn", s.text());
        assertEquals(List.of("Steps: 150", "CFG scale: 30"), s.removed());
    }

    @Test
    void sanitizeRequest_removesFlagsButKeepsPlainWords() {
        Sanitized s = PromptSafety.sanitizeRequest("a fox --steps 150 --cfg 30 --ar 16:9 --seed=1 --tile, 40 steps");
        assertEquals("a fox, 40 steps", s.text());
        assertEquals(List.of("--steps 150", "--cfg 30", "--ar 16:9", "--seed=1", "--tile"), s.removed());
    }

    @Test
    void sanitizeRequest_removesANoFlagWithItsWords() {
        // left as words, "text, people" would ask for what the person wanted left out
        Sanitized s = PromptSafety.sanitizeRequest("a beach --no text, people --v 6");
        assertEquals("a beach", s.text());
        assertEquals(List.of("--no text, people", "--v 6"), s.removed());
    }

    @Test
    void sanitizeRequest_readsAPhoneDashAsAFlag() {
        assertEquals("a beach — at dusk", PromptSafety.sanitizeRequest("a beach — at dusk \u2014ar 9:16").text());
    }

    @Test
    void sanitizeRequest_removesTheBreakKeywordOnly() {
        Sanitized s = PromptSafety.sanitizeRequest("a cat BREAK a dog taking a break");
        assertEquals("a cat a dog taking a break", s.text());
        assertEquals(List.of("BREAK"), s.removed());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "a fox, 40 steps, cfg 5, 16:9 wallpaper", "1024x768 please, steps 30", "a clock at 10:30 am",
            "a fashion model: tall, red dress", "a <3 heart, a > b", "a long—dash and a hyphen-ated word",
            "wait,,  keep   my spacing", "ｶﾀｶﾅ, ＡＢＣ, family 👨\u200D👩\u200D👧"})
    void sanitizeRequest_leavesPlainTextExactlyAsWritten(String text) {
        assertEquals(new Sanitized(text, List.of()), PromptSafety.sanitizeRequest(text));
    }

    // --- stripForeignNetworkTags ---

    @Test
    void stripForeignNetworkTags_keepsThePlansTagAndRemovesOthers() {
        String prompt = "masterpiece, best quality, <lora:evil:1.5>, <lora:toonyou_beta6:0.8>, a red fox, <hypernet:x:1>";
        assertEquals("masterpiece, best quality, <lora:toonyou_beta6:0.8>, a red fox",
                PromptSafety.stripForeignNetworkTags(prompt, Set.of("<lora:toonyou_beta6:0.8>")));
    }

    @Test
    void stripForeignNetworkTags_keepsOnlyTheExactText() {
        // the plan's LoRA at a weight the plan did not choose is foreign too
        assertEquals("a fox", PromptSafety.stripForeignNetworkTags(
                "a fox <lora:toonyou_beta6:1.5>", Set.of("<lora:toonyou_beta6:0.8>")));
        assertEquals("a fox", PromptSafety.stripForeignNetworkTags("<lora:x:1>, a fox embedding:evil", Set.of()));
    }

    @Test
    void stripForeignNetworkTags_leavesACleanPromptUntouched() {
        String prompt = "masterpiece,  best quality, <lora:toonyou_beta6:0.8>, a red fox";
        assertEquals(prompt, PromptSafety.stripForeignNetworkTags(prompt, Set.of("<lora:toonyou_beta6:0.8>")));
    }

    // --- SafetyRules ---

    @Test
    void parse_readsTermsAndPatternsFromConfigText() {
        SafetyRules rules = SafetyRules.parse(" gore , ,blood bath,", "a+b\n\nc\\d;;  d  ", " blurry, text ");
        assertEquals(List.of("gore", "blood bath"), rules.blockedTerms());
        assertEquals(List.of("a+b", "c\\d", "d"), rules.blockedPatterns().stream().map(Pattern::pattern).toList());
        assertEquals("blurry, text", rules.negativePrefix());
    }

    @Test
    void parse_ofNothingIsNoRules() {
        SafetyRules rules = SafetyRules.parse(null, " ", null);
        assertEquals(Optional.empty(), new PromptSafety(rules).check("anything at all", Stage.REQUEST));
        assertEquals("", rules.negativePrefix());
    }

    @Test
    void parse_namesABadPattern() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafetyRules.parse("", "fine\nbro(ken", ""));
        assertTrue(e.getMessage().contains("\"bro(ken\""), e.getMessage());
    }

    @Test
    void parse_refusesATermWithoutLettersOrDigits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafetyRules.parse("fine, !!!", "", ""));
        assertTrue(e.getMessage().contains("\"!!!\""), e.getMessage());
    }

    @Test
    void plus_extendsTheDefaults() {
        SafetyRules rules = SafetyRules.defaults().plus(SafetyRules.parse("gore", "", ""));
        PromptSafety safety = new PromptSafety(rules);
        assertEquals("term \"gore\"", check(safety, "gore").orElseThrow().rule());
        assertEquals("term \"loli\"", check(safety, "loli").orElseThrow().rule());
        assertEquals(SafetyRules.DEFAULT_NEGATIVE_PREFIX, rules.negativePrefix());
    }
}
