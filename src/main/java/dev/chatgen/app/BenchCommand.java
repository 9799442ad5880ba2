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
import dev.chatgen.engine.EngineStages;
import dev.chatgen.engine.encode.Encoder;
import dev.chatgen.engine.llm.LlmOutcomes;
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
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code chatgen bench}: trains ModelTokens on the training demonstrations, plans every test
 * case, writes the predictions and prints step-wise metrics beside two baselines. The engine is
 * built from the config, so LLM-backed stages run when it names them; the table and each
 * prediction say which backend ran each stage.
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
        Engine engine = Wiring.engine(catalog, encoder, cfg);
        EngineStages stages = engine.stages();
        double buildSeconds = (System.nanoTime() - start) / 1e9;

        // b only needs the prompts its random pairs touch; a sample keeps big catalogs cheap.
        List<String> prompts = new ArrayList<>(catalog.demonstrations().stream().map(d -> d.prompt()).toList());
        Collections.shuffle(prompts, new Random(7));
        List<float[][]> trainTokens = prompts.subList(0, Math.min(BERT_BASELINE_PROMPTS, prompts.size())).stream()
                .map(encoder::tokenEmbeddings).toList();
        double b = new BaselineEstimator(trainTokens).estimate(BERT_BASELINE_PAIRS, new Random(7));
        Scorer scorer = new Scorer(encoder, b);

        Predictor evo = new EnginePredictor(systemName(stages), engine);
        List<Predictor> systems = noBaselines
                ? List.of(evo)
                : List.of(evo,
                        new RawInputBaseline(catalog.demonstrations()),
                        new NearestDemoBaseline(encoder, catalog.demonstrations()));
        // Warm the JIT and caches on the first cases, as a long-running bot would be; an LLM server needs one request, not twenty.
        for (int i = 0; i < Math.min(stages.usesLlm() ? 1 : WARM_UP_CASES, cases.size()); i++) {
            evo.predict(cases.get(i));
        }
        List<BenchReport.Row> rows = new ArrayList<>();
        List<Prediction> mine = new ArrayList<>();
        List<StagesRan> ran = new ArrayList<>();
        for (Predictor system : systems) {
            List<CaseScore> scores = new ArrayList<>();
            for (BenchCase c : cases) {
                StagesRan.Counts before = StagesRan.Counts.of(stages);
                Prediction p = system.predict(c);
                scores.add(scorer.score(c, p));
                if (system == evo) {
                    mine.add(p);
                    ran.add(StagesRan.between(before, StagesRan.Counts.of(stages), stages));
                }
            }
            rows.addAll(BenchReport.rows(system.name(), scores));
        }
        writePredictions(mine, ran);
        out.printf(Locale.ROOT, "ChatGenBench: %d test cases from %s; %d models, %d training demonstrations%n",
                cases.size(), testFile, catalog.size(), catalog.demonstrations().size());
        out.printf(Locale.ROOT, "Engine built in %.1f s (ModelTokens trained or loaded, demonstrations encoded)%n", buildSeconds);
        out.println(stagesLine(stages, ran));
        out.printf(Locale.ROOT, "BERTScore: MiniLM-L6 last layer, greedy matching, F1, rescaled with b = %.4f (mean F1 of %d random pairs of training prompts)%n%n",
                b, BERT_BASELINE_PAIRS);
        out.print(BenchReport.format(rows));
        out.printf("%nPredictions written to %s%n", outFile);
        out.flush();
        return 0;
    }

    /** "chatgen-evo" when every stage is embedded, "evo+llm:1,3" when the LLM writes prompts and configures arguments. */
    static String systemName(EngineStages stages) {
        List<String> llm = new ArrayList<>();
        stages.promptWriter().ifPresent(s -> llm.add("1"));
        stages.argConfigurer().ifPresent(s -> llm.add("3"));
        return llm.isEmpty() ? "chatgen-evo" : "evo+llm:" + String.join(",", llm);
    }

    private static String stagesLine(EngineStages stages, List<StagesRan> ran) {
        return "Stages: 1 prompt writing: " + stage(stages.promptWriter(), ran.stream().map(StagesRan::prompt).toList())
                + "; 2 model selection: embedded; 3 arguments: " + stage(stages.argConfigurer(), ran.stream().map(StagesRan::args).toList());
    }

    private static String stage(Optional<LlmOutcomes> llm, List<String> ran) {
        if (llm.isEmpty()) {
            return "embedded";
        }
        long answered = ran.stream().filter(StagesRan.LLM::equals).count();
        return String.format(Locale.ROOT, "llm (%s), %d of %d answered, %d fell back to %s",
                llm.get().endpoint().describe(), answered, ran.size(), ran.size() - answered, llm.get().standIn());
    }

    /**
     * Which backend produced one case's prompt and arguments: "embedded", "llm", or "fallback"
     * (the LLM was asked and failed, the embedded stage answered). Read off the stages' tallies
     * around the case; bench plans one case at a time.
     */
    record StagesRan(String prompt, String args) {
        static final String EMBEDDED = "embedded";
        static final String LLM = "llm";
        static final String FALLBACK = "fallback";

        record Counts(long promptAnswered, long promptFellBack, long argsAnswered, long argsFellBack) {
            static Counts of(EngineStages s) {
                return new Counts(s.promptWriter().map(LlmOutcomes::answeredCount).orElse(0L), s.promptWriter().map(LlmOutcomes::fellBackCount).orElse(0L),
                        s.argConfigurer().map(LlmOutcomes::answeredCount).orElse(0L), s.argConfigurer().map(LlmOutcomes::fellBackCount).orElse(0L));
            }
        }

        static StagesRan between(Counts before, Counts after, EngineStages stages) {
            return new StagesRan(
                    which(stages.promptWriter().isPresent(), after.promptAnswered() > before.promptAnswered(), after.promptFellBack() > before.promptFellBack()),
                    which(stages.argConfigurer().isPresent(), after.argsAnswered() > before.argsAnswered(), after.argsFellBack() > before.argsFellBack()));
        }

        private static String which(boolean llm, boolean answered, boolean fellBack) {
            return !llm ? EMBEDDED : answered && !fellBack ? LLM : FALLBACK;
        }
    }

    private void writePredictions(List<Prediction> predictions, List<StagesRan> ran) throws IOException {
        Path parent = outFile.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "predictions-", ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (int i = 0; i < predictions.size(); i++) {
                Prediction p = predictions.get(i);
                ObjectNode n = PlanJson.JSON.createObjectNode();
                n.put("id", p.id());
                n.put("prompt", p.prompt());
                n.put("negative_prompt", p.negativePrompt());
                n.put("model", p.model());
                n.set("args", PlanJson.args(p.args()));
                n.put("latency_ms", Math.round(p.latencyMs() * 1000) / 1000.0);
                n.putObject("stages").put("prompt", ran.get(i).prompt()).put("selection", StagesRan.EMBEDDED).put("args", ran.get(i).args());
                w.write(n.toString());
                w.newLine();
            }
        }
        Files.move(tmp, outFile, StandardCopyOption.REPLACE_EXISTING);
    }
}
