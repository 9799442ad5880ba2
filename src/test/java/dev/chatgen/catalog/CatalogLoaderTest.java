package dev.chatgen.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogLoaderTest {
    private static final String CHECKPOINT = "{\"id\":\"dream\",\"name\":\"DreamShaper\",\"version\":\"8\",\"type\":\"checkpoint\",\"base\":\"SD 1.5\","
            + "\"description\":\"Fantasy all-rounder.\",\"tags\":[\"fantasy\"],\"trigger_words\":[],\"lora_weight\":null,\"base_checkpoint\":null,\"nsfw\":false}";
    private static final String LORA = "{\"id\":\"pixel\",\"name\":\"Pixel\",\"version\":\"1\",\"type\":\"lora\",\"base\":\"SD 1.5\","
            + "\"description\":\"Pixel art.\",\"tags\":[\"pixel art\"],\"trigger_words\":[\"pixel\"],\"lora_weight\":0.8,\"base_checkpoint\":\"dream\",\"nsfw\":false}";
    private static final String DEMO = "{\"demo_id\":\"dream-01\",\"model\":\"dream\",\"prompt\":\"castle, masterpiece\",\"negative_prompt\":\"blurry\","
            + "\"args\":{\"sampler\":\"Euler a\",\"steps\":25,\"cfg_scale\":7,\"width\":512,\"height\":768},\"input\":\"a castle pls\",\"role\":\"gamer\"}";

    @TempDir
    Path dir;

    private ModelCatalog load(List<String> models, List<String> demos) throws IOException {
        Path m = Files.write(dir.resolve("models.jsonl"), models);
        Path d = Files.write(dir.resolve("demos.jsonl"), demos);
        return CatalogLoader.load(m, d);
    }

    private CatalogException failure(List<String> models, List<String> demos) {
        return assertThrows(CatalogException.class, () -> load(models, demos));
    }

    @Test
    void load_validCatalog() throws IOException {
        ModelCatalog catalog = load(List.of(CHECKPOINT, LORA), List.of(DEMO));
        assertEquals(2, catalog.size());
        T2IModel lora = catalog.find("pixel").orElseThrow();
        assertEquals("<lora:pixel:0.8>", lora.loraTag());
        assertEquals(new GenArgs("Euler a", 25, 7.0, 512, 768), catalog.demonstrationsOf(0).get(0).args());
    }

    @Test
    void load_duplicateIdNamesBothLines() {
        CatalogException e = failure(List.of(CHECKPOINT, CHECKPOINT), List.of());
        assertTrue(e.getMessage().contains("models.jsonl:2: duplicate model id \"dream\" (first defined at " + dir.resolve("models.jsonl") + ":1)"), e.getMessage());
    }

    @Test
    void load_loraWithUnknownBaseCheckpoint() {
        CatalogException e = failure(List.of(LORA), List.of());
        assertTrue(e.getMessage().contains("models.jsonl:1: LoRA \"pixel\" names base_checkpoint \"dream\", which is not in the catalog"), e.getMessage());
    }

    @Test
    void load_argumentsOutOfRange() {
        String bad = DEMO.replace("\"steps\":25", "\"steps\":900");
        CatalogException e = failure(List.of(CHECKPOINT), List.of(bad));
        assertTrue(e.getMessage().contains("demos.jsonl:1: args out of range: steps must be between 1 and 150, was 900"), e.getMessage());
    }

    @Test
    void load_sizeOutsideTheBase() {
        String bad = DEMO.replace("\"width\":512", "\"width\":2048");
        CatalogException e = failure(List.of(CHECKPOINT), List.of(bad));
        assertTrue(e.getMessage().contains("size 2048x768 is outside what SD 1.5 renders"), e.getMessage());
    }

    @Test
    void load_missingFieldNamed() {
        String bad = CHECKPOINT.replace("\"name\":\"DreamShaper\",", "");
        CatalogException e = failure(List.of(bad), List.of());
        assertTrue(e.getMessage().contains("models.jsonl:1: missing field \"name\""), e.getMessage());
    }

    @Test
    void load_brokenLineReportedWithItsNumberAndTheRestStillChecked() {
        String broken = DEMO.substring(0, 40);
        String unknownModel = DEMO.replace("\"model\":\"dream\"", "\"model\":\"nope\"").replace("dream-01", "dream-02");
        CatalogException e = failure(List.of(CHECKPOINT), List.of(DEMO, broken, unknownModel));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith(dir.resolve("demos.jsonl") + ":2: not valid JSON"), e.getMessage());
        assertTrue(e.problems().get(1).contains(":3: demonstration \"dream-02\" names model \"nope\""), e.getMessage());
    }

    @Test
    void load_missingFile() {
        CatalogException e = assertThrows(CatalogException.class,
                () -> CatalogLoader.load(dir.resolve("absent.jsonl"), dir.resolve("absent-too.jsonl")));
        assertTrue(e.getMessage().contains("absent.jsonl: file not found"), e.getMessage());
    }

    @Test
    void fingerprint_changesWithTheCatalog() throws IOException {
        String before = load(List.of(CHECKPOINT), List.of(DEMO)).fingerprint();
        String same = load(List.of(CHECKPOINT), List.of(DEMO)).fingerprint();
        String after = load(List.of(CHECKPOINT), List.of(DEMO.replace("a castle pls", "a tower pls"))).fingerprint();
        assertEquals(before, same);
        assertTrue(!before.equals(after));
    }

    @Test
    void defaultCatalog_isLargeEnoughAndEveryModelHasEightDemonstrations() {
        ModelCatalog catalog = CatalogLoader.load(Path.of("bot-config/catalog/models.jsonl"), Path.of("bot-config/catalog/demonstrations.jsonl"));
        assertTrue(catalog.size() >= 40, "models: " + catalog.size());
        Map<String, Long> perModel = catalog.demonstrations().stream().collect(Collectors.groupingBy(Demonstration::model, Collectors.counting()));
        for (T2IModel m : catalog.models()) {
            assertTrue(perModel.getOrDefault(m.id(), 0L) >= 8, m.id() + " has " + perModel.get(m.id()));
            assertTrue(!m.description().isBlank() && !m.tags().isEmpty(), m.id());
        }
        assertTrue(catalog.models().stream().anyMatch(T2IModel::isLora));
        assertTrue(catalog.models().stream().anyMatch(m -> m.base() == BaseModel.SDXL));
    }
}
