package dev.chatgen.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as scripts use it: real picocli parsing, real config file, real engine. */
class CommandLineTest {
    @TempDir
    static Path dir;
    static Path config;

    @BeforeAll
    static void writeConfig() throws IOException {
        config = dir.resolve("chatgen.yaml");
        Files.writeString(config, String.join("\n",
                "catalog:",
                "  models: " + Path.of("bot-config/catalog/models.jsonl").toAbsolutePath(),
                "  demonstrations: " + Path.of("bot-config/catalog/demonstrations.jsonl").toAbsolutePath(),
                "engine:",
                "  model-tokens:",
                "    cache-dir: " + dir.resolve("tokens"),
                ""));
    }

    record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new ErrorReporter());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void imagine_jsonHasThePlanAndTheTrace() throws IOException {
        Run r = run("imagine", "--config", config.toString(), "--json", "--history", "a red fox in the snow", "now at night");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        for (String field : List.of("prompt", "negative_prompt", "model", "args", "trace")) {
            assertTrue(json.has(field), field + " missing in " + r.out());
        }
        assertTrue(json.get("prompt").asText().contains("fox"), r.out());
        assertTrue(json.get("args").get("steps").asInt() > 0);
        assertEquals(3, json.get("trace").get("selection").get("candidates").size());
    }

    @Test
    void imagine_readableOutputShowsTheThreeSteps() {
        Run r = run("imagine", "--config", config.toString(), "a", "quirky", "little", "cartoon", "monster", "with", "bee", "vibes,", "no", "pink");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1. Prompt") && r.out().contains("2. Model") && r.out().contains("3. Arguments"), r.out());
    }

    @Test
    void imagine_emptyRequestExplainsWhat() {
        Run r = run("imagine", "--config", config.toString(), " ");
        assertEquals(ImagineCommand.UNPLANNABLE, r.code());
        assertTrue(r.out().startsWith("I couldn't find anything to draw"), r.out());
    }

    @Test
    void imagine_missingImageIsOneClearLine() {
        Run r = run("imagine", "--config", config.toString(), "--image", dir.resolve("nope.png").toString(), "a cat");
        assertEquals(ErrorReporter.USER_ERROR, r.code());
        assertTrue(r.err().startsWith("cannot read image ") && r.err().contains("no such file"), r.err());
    }

    @Test
    void anyCommand_badConfigValueNamesKeyValueAndWhatIsAllowed() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "engine:\n  select:\n    top-k: lots\n");
        Run r = run("imagine", "--config", bad.toString(), "a cat");
        assertEquals(ErrorReporter.USER_ERROR, r.code());
        assertTrue(r.err().contains("engine.select.top-k") && r.err().contains("lots") && r.err().contains("between 1 and 20"), r.err());
    }

    @Test
    void catalogCheck_reportsABrokenLineWithFileAndLine() throws IOException {
        Path models = dir.resolve("broken-models.jsonl");
        List<String> lines = Files.readAllLines(Path.of("bot-config/catalog/models.jsonl"));
        Files.write(models, List.of(lines.get(0), "{\"id\": \"half", lines.get(1)));
        Path cfg = dir.resolve("broken.yaml");
        Files.writeString(cfg, "catalog:\n  models: " + models + "\n  demonstrations: " + Path.of("bot-config/catalog/demonstrations.jsonl").toAbsolutePath() + "\n");
        Run r = run("catalog", "check", "--config", cfg.toString());
        assertEquals(ErrorReporter.USER_ERROR, r.code());
        assertTrue(r.err().contains(models + ":2: not valid JSON"), r.err());
    }

    @Test
    void bench_writesOnePredictionALineAndTheTable() throws IOException {
        Path test = dir.resolve("test.jsonl");
        Files.write(test, List.of(
                "{\"id\":\"t1\",\"setting\":\"supervised\",\"type\":\"single\",\"turns\":[\"a cozy cabin in the snow, real photo\"],"
                        + "\"prompt\":\"RAW photo, cabin, snow\",\"negative_prompt\":\"\",\"model\":\"realisticVisionV51_v51VAE\","
                        + "\"args\":{\"sampler\":\"DPM++ 2M Karras\",\"steps\":25,\"cfg_scale\":7,\"width\":768,\"height\":512}}",
                "{\"id\":\"t2\",\"setting\":\"fewshot\",\"type\":\"history\",\"turns\":[\"anime girl in the rain\",\"make it night\"],"
                        + "\"prompt\":\"1girl, rain, night\",\"negative_prompt\":\"\",\"model\":\"anythingV5_PrtRE\","
                        + "\"args\":{\"sampler\":\"Euler a\",\"steps\":28,\"cfg_scale\":7,\"width\":512,\"height\":768}}"));
        Path out = dir.resolve("pred.jsonl");
        Run r = run("bench", "--config", config.toString(), "--catalog", "bot-config/catalog/models.jsonl",
                "--train", "bot-config/catalog/demonstrations.jsonl", "--test", test.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> predictions = Files.readAllLines(out);
        assertEquals(2, predictions.size());
        JsonNode first = new ObjectMapper().readTree(predictions.get(0));
        for (String field : List.of("id", "prompt", "negative_prompt", "model", "args", "latency_ms")) {
            assertTrue(first.has(field), field);
        }
        for (String system : List.of("chatgen-evo", "baseline", "nearest-demo")) {
            assertTrue(r.out().contains(system + " ") , r.out());
        }
        assertTrue(r.out().contains("rescaled with b = "), r.out());
        assertTrue(r.out().contains("fewshot/history"), r.out());
    }

    @Test
    void imagine_rendersThroughTheQueue_andPrintsTheImagesPath() throws Exception {
        Run r = run("imagine", "--config", config.toString(), "a watercolor lighthouse at dusk");
        assertEquals(0, r.code(), r.err());
        String line = r.out().lines().filter(l -> l.startsWith("Image: ")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
        Path image = Path.of(line.substring("Image: ".length()));
        assertTrue(Files.exists(image), image.toString());
        assertTrue(dev.chatgen.render.png.PngChunks.readText(Files.readAllBytes(image)).containsKey("parameters"));
    }

    @Test
    void chat_eachLineIsATurn_andFollowUpsRefineTheLastPicture() {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(
                    "a red fox in the snow\nnow at night\n/history\n/steps\n/reset\n/history\n/quit\nnever read\n".getBytes()));
            Run r = run("chat", "--config", config.toString());
            assertEquals(0, r.code(), r.err());
            assertEquals(2, r.out().lines().filter(l -> l.startsWith("Image: ")).count(), r.out());
            assertTrue(r.out().contains("Your next message builds on:\n  - a red fox in the snow\n  - now at night"), r.out());
            assertTrue(r.out().contains("1. Prompt") && r.out().contains("continues the previous image"), r.out());
            assertTrue(r.out().contains("Starting afresh"), r.out());
            assertTrue(r.out().contains("No earlier messages"), r.out());
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void models_changesTheGlobalPolicy_whichImagineThenFollows_andAuditsIt() throws IOException {
        // A database and image folder of its own: the global policy must not reach the other tests.
        Path own = Files.writeString(dir.resolve("models-test.yaml"), Files.readString(config)
                + "\nstore:\n  path: " + dir.resolve("models/chatgen") + "\n  attachments-dir: " + dir.resolve("models/attachments")
                + "\nrender:\n  out-dir: " + dir.resolve("models/images") + "\n");
        Run denied = run("models", "--config", own.toString(), "deny", "tag:anime");
        assertEquals(0, denied.code(), denied.err());
        assertTrue(denied.out().startsWith("Models at global: everything except tag:anime (was everything)."), denied.out());

        Run pic = run("imagine", "--config", own.toString(), "--json", "an anime girl with long blue hair, cel shading, manga style");
        assertEquals(0, pic.code(), pic.err());
        String model = new ObjectMapper().readTree(pic.out()).get("model").asText();
        assertFalse(dev.chatgen.testing.SharedEngine.catalog().find(model).orElseThrow().tags().contains("anime"), model);

        Run show = run("models", "--config", own.toString(), "show");
        assertTrue(show.out().startsWith("Models at global: everything except tag:anime ("), show.out());
        Run audit = run("models", "--config", own.toString(), "audit");
        assertTrue(audit.out().contains("deny tag:anime  global  before: everything; after: everything except tag:anime"), audit.out());
        assertEquals(0, run("models", "--config", own.toString(), "reset").code());
    }

    @Test
    void models_refusesABadVerbRuleOrScope_withExit2_sayingHowToWriteIt() {
        Run verb = run("models", "--config", config.toString(), "ban", "tag:anime");
        assertEquals(2, verb.code());
        assertTrue(verb.err().contains("Use: show | allow RULE"), verb.err());
        Run rule = run("models", "--config", config.toString(), "allow", "anime");
        assertEquals(2, rule.code());
        assertTrue(rule.err().contains("write model:ID, tag:TAG"), rule.err());
        Run scope = run("models", "--config", config.toString(), "--scope", "everywhere", "show");
        assertEquals(2, scope.code());
        assertTrue(scope.err().contains("is not a scope"), scope.err());
    }

    @Test
    void migrate_appliesTheMigrations_thenHasNothingToDo() throws IOException {
        Path fresh = dir.resolve("migrate-test.yaml");
        Files.writeString(fresh, "store:\n  path: " + dir.resolve("fresh/chatgen") + "\n");
        Run first = run("migrate", "--config", fresh.toString());
        assertEquals(0, first.code(), first.err());
        long migrations;
        try (var files = Files.list(Path.of("migrations"))) {
            migrations = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
        assertTrue(first.out().contains("Applied " + migrations + " migration"), first.out());
        assertTrue(run("migrate", "--config", fresh.toString()).out().contains("up to date"));
    }

    @Test
    void aStartUpDatabaseError_isAPlainMessage_exit2() throws IOException {
        Path images = Files.createDirectories(dir.resolve("orphan/images"));
        Files.write(images.resolve("1.png"), new byte[] {1});
        Path cfg = dir.resolve("orphan.yaml");
        Files.writeString(cfg, "store:\n  path: " + dir.resolve("orphan/chatgen") + "\nrender:\n  out-dir: " + images + "\n");
        Run r = run("migrate", "--config", cfg.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("database error:"), r.err());
        assertTrue(r.err().contains("is missing"), r.err());
    }

    @Test
    void imagine_out_rendersWithTheConfiguredAutomatic1111_andWritesThePng() throws Exception {
        try (var gpu = dev.chatgen.render.a1111.FakeA1111.start(dev.chatgen.render.a1111.FakeA1111.Version.V1_10)) {
            Path cfg = dir.resolve("a1111.yaml");
            Files.writeString(cfg, String.join("\n",
                    "catalog:",
                    "  models: " + Path.of("bot-config/catalog/models.jsonl").toAbsolutePath(),
                    "  demonstrations: " + Path.of("bot-config/catalog/demonstrations.jsonl").toAbsolutePath(),
                    "engine:",
                    "  model-tokens:",
                    "    cache-dir: " + dir.resolve("tokens"),
                    "store:",
                    "  path: " + dir.resolve("a1111/chatgen"),
                    "render:",
                    "  backend: a1111",
                    "  out-dir: " + dir.resolve("a1111/images"),
                    "  poll-interval: 50ms",
                    "  a1111:",
                    "    url: " + gpu.uri(),
                    ""));
            Path out = dir.resolve("fox.png");
            Run r = run("imagine", "--config", cfg.toString(), "--out", out.toString(), "a red fox in the snow, like a real photo");

            assertEquals(0, r.code(), r.err() + r.out());
            var info = dev.chatgen.render.png.A1111Infotext.parse(
                    dev.chatgen.render.png.PngChunks.readText(Files.readAllBytes(out)).get("parameters"));
            // Only what the server has may be planned: of its three checkpoints, the photographic one.
            assertEquals(java.util.Optional.of("realisticVisionV51_v51VAE"), info.model(), r.out());
            var sent = gpu.requests("POST", "/sdapi/v1/txt2img");
            assertEquals(1, sent.size());
            assertEquals("realisticVisionV51_v51VAE.safetensors [15012c538f]",
                    sent.get(0).body().path("override_settings").path("sd_model_checkpoint").asText());
        }
    }
}
