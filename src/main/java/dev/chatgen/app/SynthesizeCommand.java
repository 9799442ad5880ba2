package dev.chatgen.app;

import dev.chatgen.engine.PlanJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code chatgen catalog synthesize}: a large catalog for scale tests, grown from a real one.
 * Each synthetic model copies a seed model's card under a new id; its demonstrations are seed
 * demonstrations whose request gains a clause from another one, so every text is distinct and
 * costs the encoder real work, as a big real catalog would.
 */
@Command(name = "synthesize", mixinStandardHelpOptions = true,
        description = "Write a synthetic catalog of N models with K demonstrations each, grown from a seed catalog.")
final class SynthesizeCommand implements Callable<Integer> {
    @Option(names = "--models-from", required = true, paramLabel = "FILE", description = "Seed models (e.g. ../shared/benchmark/models.jsonl).")
    Path seedModels;

    @Option(names = "--demos-from", required = true, paramLabel = "FILE", description = "Seed demonstrations (e.g. ../shared/benchmark/train.jsonl).")
    Path seedDemos;

    @Option(names = "--models", defaultValue = "6807", description = "Models to write (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--demos-per-model", defaultValue = "7", description = "Demonstrations per model (default ${DEFAULT-VALUE}).")
    int perModel;

    @Option(names = "--out-dir", required = true, paramLabel = "DIR", description = "Writes models.jsonl and demonstrations.jsonl here.")
    Path outDir;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<ObjectNode> models = readAll(seedModels);
        List<ObjectNode> demos = readAll(seedDemos);
        if (models.isEmpty() || demos.isEmpty()) {
            throw new UserInputException("the seed catalog needs at least one model and one demonstration");
        }
        Random random = new Random(seed);
        Files.createDirectories(outDir);
        int written = 0;
        try (BufferedWriter m = Files.newBufferedWriter(outDir.resolve("models.jsonl"), StandardCharsets.UTF_8);
             BufferedWriter d = Files.newBufferedWriter(outDir.resolve("demonstrations.jsonl"), StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                ObjectNode seedModel = models.get(i % models.size());
                String seedId = seedModel.get("id").asText();
                boolean original = i < models.size();
                String id = original ? seedId : seedId + "_s" + i;
                ObjectNode model = seedModel.deepCopy();
                model.put("id", id);
                if (!original) {
                    model.put("name", seedModel.get("name").asText() + " variant " + i);
                }
                m.write(model.toString());
                m.newLine();
                List<ObjectNode> own = demos.stream().filter(x -> x.get("model").asText().equals(seedId)).toList();
                List<ObjectNode> pool = own.isEmpty() ? demos : own;
                for (int k = 0; k < perModel; k++) {
                    ObjectNode demo = pool.get(random.nextInt(pool.size())).deepCopy();
                    ObjectNode other = demos.get(random.nextInt(demos.size()));
                    String[] clauses = other.get("input").asText().split("[,.]");
                    String extra = clauses[random.nextInt(clauses.length)].strip();
                    demo.put("demo_id", id + "-" + k);
                    demo.put("model", id);
                    demo.put("input", demo.get("input").asText() + (extra.isEmpty() ? "" : ", " + extra));
                    demo.remove("turns");
                    String prompt = demo.get("prompt").asText().replace("<lora:" + seedId + ":", "<lora:" + id + ":");
                    demo.put("prompt", prompt);
                    d.write(demo.toString());
                    d.newLine();
                    written++;
                }
            }
        }
        spec.commandLine().getOut().printf("wrote %d models and %d demonstrations to %s%n", count, written, outDir);
        return 0;
    }

    private static List<ObjectNode> readAll(Path file) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                JsonNode n = PlanJson.JSON.readTree(line);
                out.add((ObjectNode) n);
            }
        }
        return out;
    }
}
