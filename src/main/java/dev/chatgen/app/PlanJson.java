package dev.chatgen.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatgen.catalog.GenArgs;
import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.engine.StepTrace;

import java.util.List;

/** A plan and its trace as one JSON object, the shape {@code imagine --json} prints and scripts read. */
final class PlanJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private PlanJson() {
    }

    static ObjectNode args(GenArgs a) {
        ObjectNode n = JSON.createObjectNode();
        n.put("sampler", a.sampler());
        n.put("steps", a.steps());
        n.put("cfg_scale", a.cfgScale());
        n.put("width", a.width());
        n.put("height", a.height());
        return n;
    }

    static ObjectNode of(GenerationPlan plan, StepTrace trace) {
        ObjectNode n = JSON.createObjectNode();
        n.put("prompt", plan.prompt());
        n.put("negative_prompt", plan.negativePrompt());
        n.put("model", plan.model().id());
        n.put("checkpoint", plan.checkpoint().id());
        strings(n.putArray("loras"), plan.loras().stream().map(m -> m.id()).toList());
        n.set("args", args(plan.args()));
        n.set("trace", trace(trace));
        return n;
    }

    private static ObjectNode trace(StepTrace t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("request", t.request());
        strings(n.putArray("notes"), t.notes());
        ObjectNode p = n.putObject("prompt");
        p.put("micros", t.prompt().micros());
        strings(p.putArray("subject"), t.prompt().subject());
        strings(p.putArray("excluded"), t.prompt().excluded());
        strings(p.putArray("style_from"), t.prompt().styleFrom());
        strings(p.putArray("notes"), t.prompt().notes());
        ObjectNode s = n.putObject("selection");
        s.put("micros", t.selection().micros());
        s.put("model", t.selection().modelId());
        ArrayNode candidates = s.putArray("candidates");
        for (StepTrace.Candidate c : t.selection().candidates()) {
            candidates.addObject().put("model", c.modelId()).put("name", c.name()).put("probability", round(c.probability()));
        }
        strings(s.putArray("masked"), t.selection().masked());
        strings(s.putArray("notes"), t.selection().notes());
        ObjectNode a = n.putObject("args");
        a.put("micros", t.args().micros());
        ArrayNode votes = a.putArray("votes");
        for (StepTrace.Evidence e : t.args().votes()) {
            votes.addObject().put("demo", e.demoId()).put("similarity", round(e.similarity()));
        }
        strings(a.putArray("user_requested"), t.args().userRequested());
        n.put("total_micros", t.totalMicros());
        return n;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
