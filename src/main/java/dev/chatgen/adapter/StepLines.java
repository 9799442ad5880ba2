package dev.chatgen.adapter;

import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.engine.StepTrace;

import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The lines every chat platform shows for a picture's steps, before its own markup: the model,
 * the candidates, the votes, a stage's time. One wording for Discord and Slack.
 */
public final class StepLines {
    private StepLines() {
    }

    /** "ToonYou Beta 6 · checkpoint, SD 1.5". */
    public static String model(T2IModel m) {
        return m.name() + (m.version().isEmpty() ? "" : " " + m.version()) + " · " + m.type().label() + ", " + m.base().label();
    }

    /** " on AbsoluteReality" for a LoRA, else empty. */
    public static String onCheckpoint(GenerationPlan plan) {
        return plan.model().isLora() ? " on " + plan.checkpoint().name() : "";
    }

    /** "ToonYou 89% · Cartoon Mix 6%", empty without candidates. */
    public static String candidates(StepTrace t) {
        return t.selection().candidates().stream()
                .map(c -> String.format(Locale.ROOT, "%s %.0f%%", c.name(), 100 * c.probability()))
                .collect(Collectors.joining(" · "));
    }

    /** "demo-12 (0.81), demo-40 (0.77)", empty without votes. */
    public static String votes(StepTrace t) {
        return t.args().votes().stream().map(v -> String.format(Locale.ROOT, "%s (%.2f)", v.demoId(), v.similarity()))
                .collect(Collectors.joining(", "));
    }

    /** "1 · Prompt (0.4 ms)". */
    public static String stage(String label, long micros) {
        return String.format(Locale.ROOT, "%s (%.1f ms)", label, micros / 1000.0);
    }

    /** "Planned in 7.2 ms". */
    public static String planned(StepTrace t) {
        return String.format(Locale.ROOT, "Planned in %.1f ms", t.totalMicros() / 1000.0);
    }

    /** What a person should know about how the steps ran: a stage that fell back, a request that was cut; empty when nothing. */
    public static java.util.List<String> notes(StepTrace t) {
        java.util.List<String> out = new java.util.ArrayList<>(t.prompt().notes());
        out.addAll(t.args().notes());
        return out;
    }
}
