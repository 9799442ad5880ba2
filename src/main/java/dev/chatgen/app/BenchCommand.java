package dev.chatgen.app;

import dev.chatgen.engine.PlanJson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatgen.bench.BenchCase;
import dev.chatgen.bench.BenchCaseReader;
import dev.chatgen.bench.BenchReport;
import dev.chatgen.bench.CaseScore;
import dev.chatgen.bench.EnginePredictor;
import dev.chatgen.bench.NearestDemoBaseline;
import dev.chatgen.bench.Prediction;
import dev.chatgen.bench.Predictor;
import dev.chatgen.bench.RawInputBaseline;
import dev.chatgen.bench.Scorer;
import dev.chatgen.bench.metrics.BaselineEstimator;
import dev.chatgen.catalog.CatalogLoader;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.config.ChatgenConfig;
import dev.chatgen.engine.Engine;
import dev.chatgen.engine.EngineBuilder;
import dev.chatgen.engine.encode.Encoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code chatgen bench}: trains ModelTokens on the training demonstrations, plans every test
 * case, writes the predictions and prints step-wise metrics beside two baselines.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Evaluate on ChatGenBench-format data: selection, argument and prompt accuracy, latency.")
final class BenchCommand implements Callable<Integer> {
    private static final int BERT_BASELINE_PAIRS = 2000;
    private static final int BERT_BASELINE_PROMPTS = 1000;
    private static final int WARM_UP_CASES = 20;

    @Mixin
    ConfigOption config;

    @Option(names = "--catalog", required = true, paramLabel = "FILE", description = "Models, one JSON object a line.")
    Path catalogFile;

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training demonstrations (never the test file).")
    Path trainFile;

    @Option(names = "--test", required = true, paramLabel = "FILE", description = "Test cases.")
    Path testFile;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write one prediction a line.")
    Path outFile;

    @Option(names = "--limit", paramLabel = "N", description = "Only the first N test cases.")
    Integer limit;

    @Option(names = "--no-baselines", description = "Score ChatGen-Evo only (quicker; for scale and latency runs).")
    boolean noBaselines;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        ChatgenConfig cfg = Wiring.config(config.file);
        ModelCatalog catalog = CatalogLoader.load(catalogFile, trainFile);
        List<BenchCase> cases = BenchCaseReader.read(testFile);
        if (limit != null) {
            cases = cases.subList(0, Math.min(limit, cases.size()));
        }
        Encoder encoder = Wiring.encoder(cfg);
        long start = System.nanoTime();
        Engine engine = EngineBuilder.embedded(catalog, encoder, Wiring.settings(cfg));
        double buildSeconds = (System.nanoTime() - start) / 1e9;

        // b only needs the prompts its random pairs touch; a sample keeps big catalogs cheap.
        List<String> prompts = new ArrayList<>(catalog.demonstrations().stream().map(d -> d.prompt()).toList());
        Collections.shuffle(prompts, new Random(7));
        List<float[][]> trainTokens = prompts.subList(0, Math.min(BERT_BASELINE_PROMPTS, prompts.size())).stream()
                .map(encoder::tokenEmbeddings).toList();
        double b = new BaselineEstimator(trainTokens).estimate(BERT_BASELINE_PAIRS, new Random(7));
        Scorer scorer = new Scorer(encoder, b);

        List<Predictor> systems = noBaselines
                ? List.of(new EnginePredictor("chatgen-evo", engine))
                : List.of(new EnginePredictor("chatgen-evo", engine),
                        new RawInputBaseline(catalog.demonstrations()),
                        new NearestDemoBaseline(encoder, catalog.demonstrations()));
        // Warm the JIT and caches on the first cases, as a long-running bot would be.
        for (int i = 0; i < Math.min(WARM_UP_CASES, cases.size()); i++) {
            systems.get(0).predict(cases.get(i));
        }
        List<BenchReport.Row> rows = new ArrayList<>();
        List<Prediction> mine = new ArrayList<>();
        for (Predictor system : systems) {
            List<CaseScore> scores = new ArrayList<>();
            for (BenchCase c : cases) {
                Prediction p = system.predict(c);
                scores.add(scorer.score(c, p));
                if (system == systems.get(0)) {
                    mine.add(p);
                }
            }
            rows.addAll(BenchReport.rows(system.name(), scores));
        }
        writePredictions(mine);
        out.printf(Locale.ROOT, "ChatGenBench: %d test cases from %s; %d models, %d training demonstrations%n",
                cases.size(), testFile, catalog.size(), catalog.demonstrations().size());
        out.printf(Locale.ROOT, "Engine built in %.1f s (ModelTokens trained or loaded, demonstrations encoded)%n", buildSeconds);
        out.printf(Locale.ROOT, "BERTScore: MiniLM-L6 last layer, greedy matching, F1, rescaled with b = %.4f (mean F1 of %d random pairs of training prompts)%n%n",
                b, BERT_BASELINE_PAIRS);
        out.print(BenchReport.format(rows));
        out.printf("%nPredictions written to %s%n", outFile);
        out.flush();
        return 0;
    }

    private void writePredictions(List<Prediction> predictions) throws IOException {
        Path parent = outFile.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "predictions-", ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (Prediction p : predictions) {
                ObjectNode n = PlanJson.JSON.createObjectNode();
                n.put("id", p.id());
                n.put("prompt", p.prompt());
                n.put("negative_prompt", p.negativePrompt());
                n.put("model", p.model());
                n.set("args", PlanJson.args(p.args()));
                n.put("latency_ms", Math.round(p.latencyMs() * 1000) / 1000.0);
                w.write(n.toString());
                w.newLine();
            }
        }
        Files.move(tmp, outFile, StandardCopyOption.REPLACE_EXISTING);
    }
}
