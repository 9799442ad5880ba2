package dev.chatgen.bench;

import dev.chatgen.catalog.Demonstration;
import dev.chatgen.catalog.GenArgs;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The paper's Baseline: the raw request as the prompt, the model with the most training
 * demonstrations, and each argument's most common training value.
 */
public final class RawInputBaseline implements Predictor {
    private final String model;
    private final GenArgs args;

    public RawInputBaseline(List<Demonstration> training) {
        this.model = mostCommon(training, Demonstration::model);
        this.args = new GenArgs(
                mostCommon(training, d -> d.args().sampler()),
                mostCommon(training, d -> d.args().steps()),
                mostCommon(training, d -> d.args().cfgScale()),
                mostCommon(training, d -> d.args().width()),
                mostCommon(training, d -> d.args().height()));
    }

    @Override
    public String name() {
        return "baseline";
    }

    @Override
    public Prediction predict(BenchCase c) {
        long start = System.nanoTime();
        String prompt = c.turns().get(c.turns().size() - 1);
        return new Prediction(c.id(), prompt, "", model, args, (System.nanoTime() - start) / 1e6);
    }

    /** Most frequent value; ties go to the value seen first, so the result does not depend on hash order. */
    static <T> T mostCommon(List<Demonstration> demos, Function<Demonstration, T> field) {
        Map<T, Long> counts = demos.stream().collect(Collectors.groupingBy(field, java.util.LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
