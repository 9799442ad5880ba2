package dev.chatgen.render;

import dev.chatgen.catalog.GenArgs;
import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.render.png.A1111Infotext;

import java.util.LinkedHashMap;
import java.util.Map;

/** A plan written as AUTOMATIC1111 infotext, so A1111's "PNG Info" tab (and our reader) can reuse it. */
public final class PlanInfotext {
    private PlanInfotext() {
    }

    public static A1111Infotext of(GenerationPlan plan, long seed) {
        GenArgs a = plan.args();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Steps", String.valueOf(a.steps()));
        params.put("Sampler", a.sampler());
        params.put("CFG scale", GenArgs.plainNumber(a.cfgScale()));
        params.put("Seed", String.valueOf(seed));
        params.put("Size", a.width() + "x" + a.height());
        params.put("Model", plan.checkpoint().name());
        return new A1111Infotext(plan.prompt(), plan.negativePrompt(), params);
    }
}
