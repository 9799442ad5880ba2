package dev.chatgen.adapter.console;

import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.engine.StepTrace;

import java.util.Locale;
import java.util.stream.Collectors;

/** The three steps as a person reads them in a terminal. */
public final class TraceText {
    private TraceText() {
    }

    public static String of(GenerationPlan plan, StepTrace t) {
        StringBuilder out = new StringBuilder();
        out.append("Request: ").append(t.request()).append('\n');
        t.notes().forEach(n -> out.append("  note: ").append(n).append('\n'));
        out.append('\n').append(String.format(Locale.ROOT, "1. Prompt (%.1f ms)%n", t.prompt().micros() / 1000.0));
        out.append("   prompt:   ").append(plan.prompt()).append('\n');
        out.append("   negative: ").append(plan.negativePrompt()).append('\n');
        out.append("   from your words: ").append(String.join(" | ", t.prompt().subject())).append('\n');
        t.prompt().notes().forEach(n -> out.append("   note: ").append(n).append('\n'));

        T2IModel m = plan.model();
        out.append('\n').append(String.format(Locale.ROOT, "2. Model (%.1f ms)%n", t.selection().micros() / 1000.0));
        out.append("   ").append(m.name()).append(m.version().isEmpty() ? "" : " " + m.version())
                .append(" [").append(m.id()).append("], ").append(m.type().label()).append(", ").append(m.base().label());
        if (m.isLora()) {
            out.append(", on ").append(plan.checkpoint().name()).append(" [").append(plan.checkpoint().id()).append("]");
        }
        out.append('\n').append("   ").append(m.description()).append('\n');
        out.append("   candidates: ").append(t.selection().candidates().stream()
                .map(c -> String.format(Locale.ROOT, "%s %.0f%%", c.modelId(), 100 * c.probability()))
                .collect(Collectors.joining(", "))).append('\n');
        if (!t.selection().masked().isEmpty()) {
            out.append("   ruled out here: ").append(String.join("; ", t.selection().masked())).append('\n');
        }
        t.selection().notes().forEach(n -> out.append("   evidence: ").append(n).append('\n'));

        out.append('\n').append(String.format(Locale.ROOT, "3. Arguments (%.1f ms)%n", t.args().micros() / 1000.0));
        out.append("   ").append(plan.args().summary()).append('\n');
        out.append("   voted by: ").append(t.args().votes().stream()
                .map(v -> String.format(Locale.ROOT, "%s (%.2f)", v.demoId(), v.similarity()))
                .collect(Collectors.joining(", "))).append('\n');
        if (!t.args().userRequested().isEmpty()) {
            out.append("   you asked for: ").append(String.join(", ", t.args().userRequested())).append('\n');
        }
        t.args().notes().forEach(n -> out.append("   note: ").append(n).append('\n'));
        out.append('\n').append(String.format(Locale.ROOT, "Planned in %.1f ms.%n", t.totalMicros() / 1000.0));
        return out.toString();
    }
}
