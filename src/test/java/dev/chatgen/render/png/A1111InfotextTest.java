package dev.chatgen.render.png;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class A1111InfotextTest {

    private static final String LORA_SAMPLE = """
            lineart, monochrome, mecha, <lora:anime_lineart:0.8>
            Negative prompt: lowres, bad anatomy, (colored:1.3)
            Steps: 28, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 8.5, Seed: 3769949687, Size: 512x768, \
            Model hash: 63e290a58d, Model: counterfeitV30, Lora hashes: "anime_lineart: 7c6bad76eb54", Version: v1.10.1""";

    @Test
    void parse_realPngChunk_splitsPromptNegativeAndParams() throws Exception {
        String text = PngChunks.readText(PngFixtures.resource("absolutereality_v181-05.png")).get("parameters");

        A1111Infotext info = A1111Infotext.parse(text);

        assertEquals("(masterpiece, best quality, realistic:1.2), futuristic city at sunset, flying cars, glass skyscrapers "
                + "covered in vertical gardens, people walking on sky bridges, volumetric light, highly detailed, wide angle", info.prompt());
        assertEquals("FastNegativeV2, (worst quality, low quality:1.4), watermark, text, signature", info.negativePrompt());
        assertEquals(List.of("Steps", "Sampler", "CFG scale", "Seed", "Size", "Model hash", "Model", "Version"),
                List.copyOf(info.params().keySet()));
    }

    @Test
    void parse_multiLinePromptAndNegative_keepsLineBreaks() {
        A1111Infotext info = A1111Infotext.parse("""
                a castle on a hill,
                  sunset sky
                Negative prompt: blurry,
                lowres
                Steps: 20, Sampler: Euler a, CFG scale: 7""");

        assertEquals("a castle on a hill,\nsunset sky", info.prompt());
        assertEquals("blurry,\nlowres", info.negativePrompt());
        assertEquals(Map.of("Steps", "20", "Sampler", "Euler a", "CFG scale", "7"), info.params());
    }

    @Test
    void parse_quotedValueWithCommasAndColons_unquotesIt() {
        A1111Infotext info = A1111Infotext.parse(
                "cat\nSteps: 20, Lora hashes: \"add_detail: 7c6bad76eb54, more: 1234\", Sampler: Euler, Note: \"say \\\"hi\\\"\"");

        assertEquals("add_detail: 7c6bad76eb54, more: 1234", info.params().get("Lora hashes"));
        assertEquals("say \"hi\"", info.params().get("Note"));
        assertEquals("Euler", info.params().get("Sampler"));
    }

    @Test
    void parse_lastLineWithFewerThanThreePairs_isAllPrompt() {
        A1111Infotext info = A1111Infotext.parse("portrait of a knight\nstyle: baroque, mood: dark");

        assertEquals("portrait of a knight\nstyle: baroque, mood: dark", info.prompt());
        assertEquals(Map.of(), info.params());
    }

    @Test
    void parse_noNegativePrompt_leavesItEmpty() {
        A1111Infotext info = A1111Infotext.parse("a fox\nSteps: 30, Sampler: Euler a, CFG scale: 6, Seed: 1");

        assertEquals("a fox", info.prompt());
        assertEquals("", info.negativePrompt());
    }

    @Test
    void parse_paramsOnly_leavesPromptEmpty() {
        A1111Infotext info = A1111Infotext.parse("Steps: 30, Sampler: Euler a, CFG scale: 6");

        assertEquals("", info.prompt());
        assertEquals(Optional.of(30), info.steps());
    }

    @Test
    void typedAccessors_readA1111Values() {
        A1111Infotext info = A1111Infotext.parse(LORA_SAMPLE);

        assertEquals(Optional.of(28), info.steps());
        assertEquals(Optional.of("DPM++ 2M"), info.sampler());
        assertEquals(Optional.of("Karras"), info.scheduleType());
        assertEquals(Optional.of(8.5), info.cfgScale());
        assertEquals(Optional.of(3769949687L), info.seed());
        assertEquals(Optional.of(512), info.width());
        assertEquals(Optional.of(768), info.height());
        assertEquals(Optional.of("counterfeitV30"), info.model());
        assertEquals(Optional.of("63e290a58d"), info.modelHash());
    }

    @Test
    void typedAccessors_unreadableOrMissingValues_areEmpty() {
        A1111Infotext info = A1111Infotext.parse("x\nSteps: many, CFG scale: high, Seed: -, Size: big");

        assertEquals(Optional.empty(), info.steps());
        assertEquals(Optional.empty(), info.cfgScale());
        assertEquals(Optional.empty(), info.seed());
        assertEquals(Optional.empty(), info.width());
        assertEquals(Optional.empty(), info.model());
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "DPM++ 2M, Karras, DPM++ 2M Karras",
            "DPM++ 2M Karras, null, DPM++ 2M Karras",
            "DPM++ 2M Karras, Karras, DPM++ 2M Karras",
            "Euler a, Automatic, Euler a",
            "DPM++ SDE, Exponential, DPM++ SDE Exponential"})
    void combinedSampler_splitOrOldStyle_givesOldStyleName(String sampler, String scheduleType, String expected) {
        Map<String, String> params = new LinkedHashMap<>(Map.of("Steps", "20", "Sampler", sampler));
        if (scheduleType != null) {
            params.put("Schedule type", scheduleType);
        }

        assertEquals(Optional.of(expected), new A1111Infotext("p", "", params).combinedSampler());
    }

    @Test
    void combinedSampler_noSampler_isEmpty() {
        assertEquals(Optional.empty(), new A1111Infotext("p", "", Map.of("Schedule type", "Karras")).combinedSampler());
    }

    @Test
    void loras_tagsInPrompt_giveNameAndWeight() {
        A1111Infotext info = new A1111Infotext(
                "isometric, <lora:isometric_dreams:0.8>, office <lora:LogoRedmondV2-Logo:1> <lora:add_detail>", "", Map.of());

        assertEquals(List.of(new LoraTag("isometric_dreams", 0.8), new LoraTag("LogoRedmondV2-Logo", 1.0),
                new LoraTag("add_detail", 1.0)), info.loras());
    }

    @Test
    void format_valuesWithCommasColonsOrQuotes_areJsonQuoted() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Steps", "20");
        params.put("Lora hashes", "add_detail: 7c6bad76eb54");
        params.put("Styles", "a, b");
        params.put("Note", "say \"hi\"");

        String text = new A1111Infotext("cat", "dog", params).format();

        assertEquals("cat\nNegative prompt: dog\nSteps: 20, Lora hashes: \"add_detail: 7c6bad76eb54\", "
                + "Styles: \"a, b\", Note: \"say \\\"hi\\\"\"", text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            LORA_SAMPLE,
            "line one\n\nline three\nNegative prompt: bad\nworse\nSteps: 1, Sampler: Euler, CFG scale: 2, Size: 64x64",
            "only a prompt, with: colons, in: it",
            "Negative prompt: nothing else\nSteps: 1, Sampler: Euler, Seed: 5",
            "p\nSteps: 20, Notes: \"multi\\nline, with \\\"quotes\\\"\", Emoji: \"猫: 🐈\", Padded: \" x \""})
    void format_parseResult_reparsesEqual(String infotext) {
        A1111Infotext parsed = A1111Infotext.parse(infotext);

        assertEquals(parsed, A1111Infotext.parse(parsed.format()));
    }

    @Test
    void format_realSample_reproducesA1111Text() throws Exception {
        String text = PngChunks.readText(PngFixtures.resource("anime_lineart-08.png")).get("parameters");

        assertEquals(text, A1111Infotext.parse(text).format());
    }

    @Test
    void constructor_keyThatCannotBeWritten_throws() {
        assertThrows(IllegalArgumentException.class, () -> new A1111Infotext("p", "", Map.of("Bad: key", "v")));
    }
}
