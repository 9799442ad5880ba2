package dev.chatgen.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatgen.engine.llm.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code chatgen bench} with stages 1 and 3 on an OpenAI-compatible server, as the config's llm keys set them: a handful of cases. */
class BenchWithLlmTest {
    @TempDir
    static Path dir;
    static FakeOpenAi server;

    @BeforeAll
    static void startServer() {
        server = FakeOpenAi.start();
        // A request that says "unlucky" gets a server error from both stages; the rest get answers.
        server.respondWith(r -> r.messages().stream().anyMatch(m -> FakeOpenAi.Recorded.text(m).contains("unlucky"))
                ? FakeOpenAi.error(500, "out of memory")
                : r.system().contains("generation settings")
                ? FakeOpenAi.answer("{\"sampler\": \"Euler a\", \"steps\": 31, \"cfg_scale\": 6.5, \"width\": 768, \"height\": 768}")
                : FakeOpenAi.answer("{\"prompt\": \"a prompt the LLM wrote\", \"negative_prompt\": \"lowres\"}"));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static Path config(String promptWriter, String argsConfigurator) throws IOException {
        Path config = dir.resolve(promptWriter + "-" + argsConfigurator + ".yaml");
        Files.writeString(config, String.join("\n",
                "catalog:",
                "  models: " + Path.of("bot-config/catalog/models.jsonl").toAbsolutePath(),
                "  demonstrations: " + Path.of("bot-config/catalog/demonstrations.jsonl").toAbsolutePath(),
                "engine:",
                "  prompt-writer: " + promptWriter,
                "  args-configurator: " + argsConfigurator,
                "  model-tokens:",
                "    cache-dir: " + Path.of("data/model-tokens").toAbsolutePath(),
                "llm:",
                "  url: " + server.url(),
                "  model: qwen2.5-7b-instruct",
                "  timeout: 2s",
                ""));
        return config;
    }

    private static Path cases() throws IOException {
        Path test = dir.resolve("test.jsonl");
        String args = "\"args\":{\"sampler\":\"Euler a\",\"steps\":28,\"cfg_scale\":7,\"width\":512,\"height\":768}}";
        Files.write(test, List.of(
                "{\"id\":\"t1\",\"setting\":\"supervised\",\"type\":\"single\",\"turns\":[\"a cozy cabin in the snow, real photo\"],"
                        + "\"prompt\":\"RAW photo, cabin, snow\",\"negative_prompt\":\"\",\"model\":\"realisticVisionV51_v51VAE\"," + args,
                "{\"id\":\"t2\",\"setting\":\"fewshot\",\"type\":\"history\",\"turns\":[\"anime girl in the rain\",\"make it night\"],"
                        + "\"prompt\":\"1girl, rain, night\",\"negative_prompt\":\"\",\"model\":\"anythingV5_PrtRE\"," + args,
                "{\"id\":\"t3\",\"setting\":\"supervised\",\"type\":\"single\",\"turns\":[\"an unlucky black cat on a fence, watercolor\"],"
                        + "\"prompt\":\"watercolor, black cat, fence\",\"negative_prompt\":\"\",\"model\":\"dreamshaper_8\"," + args));
        return test;
    }

    private record Run(int code, String out, String err, List<JsonNode> predictions) {
    }

    private static Run bench(Path config) throws IOException {
        Path out = dir.resolve("predictions-" + config.getFileName() + ".jsonl");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new ErrorReporter());
        cli.setOut(new PrintWriter(stdout));
        cli.setErr(new PrintWriter(stderr));
        int code = cli.execute("bench", "--config", config.toString(), "--catalog", "bot-config/catalog/models.jsonl",
                "--train", "bot-config/catalog/demonstrations.jsonl", "--test", cases().toString(), "--out", out.toString(), "--no-baselines");
        List<JsonNode> predictions = new ArrayList<>();
        if (Files.exists(out)) {
            for (String line : Files.readAllLines(out)) {
                predictions.add(new ObjectMapper().readTree(line));
            }
        }
        return new Run(code, stdout.toString(), stderr.toString(), predictions);
    }

    @Test
    void bench_withBothLlmStages_predictionsAndTableSayWhichStagesRan() throws IOException {
        Run r = bench(config("llm", "llm"));
        assertEquals(0, r.code(), r.err());
        assertEquals(3, r.predictions().size());
        JsonNode answered = r.predictions().get(0);
        assertEquals("a prompt the LLM wrote", answered.get("prompt").asText());
        assertEquals(31, answered.at("/args/steps").asInt());
        assertEquals("llm", answered.at("/stages/prompt").asText());
        assertEquals("embedded", answered.at("/stages/selection").asText());
        assertEquals("llm", answered.at("/stages/args").asText());
        JsonNode failed = r.predictions().get(2);
        assertEquals("fallback", failed.at("/stages/prompt").asText());
        assertEquals("fallback", failed.at("/stages/args").asText());
        assertTrue(r.out().contains("evo+llm:1,3 "), r.out());
        String where = "qwen2.5-7b-instruct at " + server.url();
        assertTrue(r.out().contains("Stages: 1 prompt writing: llm (" + where + "), 2 of 3 answered, 1 fell back to the embedded writer;"
                + " 2 model selection: embedded; 3 arguments: llm (" + where + "), 2 of 3 answered, 1 fell back to the embedded configurer"), r.out());
    }
}
