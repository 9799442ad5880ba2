package dev.chatgen.render.a1111;

import dev.chatgen.catalog.GenArgs;
import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.render.PlanInfotext;
import dev.chatgen.render.png.A1111Infotext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The "parameters" text for the delivered PNG: the server's own infotext when it sent one (it describes what
 * actually ran, LoRA hashes and version included), else the plan's, corrected by what {@code info} reports.
 */
final class RanInfotext {
    private RanInfotext() {
    }

    static String of(GenerationPlan plan, long seed, String sentPrompt, SamplerChoice sampler, A1111GenerationInfo info) {
        if (info.infotext().isPresent() && !A1111Infotext.parse(info.infotext().get()).params().isEmpty()) {
            return info.infotext().get();
        }
        A1111Infotext planned = PlanInfotext.of(plan, seed);
        Map<String, String> params = new LinkedHashMap<>(planned.params());
        if (info.steps() > 0) {
            params.put("Steps", String.valueOf(info.steps()));
        }
        params.put("Sampler", info.samplerName().isBlank() ? sampler.samplerName() : info.samplerName());
        sampler.schedulerLabel().ifPresent(label -> params.put("Schedule type", label));
        if (Double.isFinite(info.cfgScale())) {
            params.put("CFG scale", GenArgs.plainNumber(info.cfgScale()));
        }
        params.put("Seed", String.valueOf(info.seed().orElse(seed)));
        if (info.width() > 0 && info.height() > 0) {
            params.put("Size", info.width() + "x" + info.height());
        }
        if (!info.sdModelHash().isBlank()) {
            params.put("Model hash", info.sdModelHash());
        }
        if (!info.sdModelName().isBlank()) {
            params.put("Model", info.sdModelName());
        }
        String prompt = info.prompt().isBlank() ? sentPrompt : info.prompt();
        String negative = info.prompt().isBlank() ? plan.negativePrompt() : info.negativePrompt();
        return new A1111Infotext(prompt, negative, params).format();
    }
}
