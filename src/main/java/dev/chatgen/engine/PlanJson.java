package dev.chatgen.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatgen.catalog.GenArgs;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.T2IModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A plan and its trace as one JSON object: the shape {@code imagine --json} prints, scripts read
 * and the job store keeps (and reads back for "Show steps").
 */
public final class PlanJson {
    public static final ObjectMapper JSON = new ObjectMapper();

    private PlanJson() {
    }

    public static ObjectNode args(GenArgs a) {
        ObjectNode n = JSON.createObjectNode();
        n.put("sampler", a.sampler());
        n.put("steps", a.steps());
        n.put("cfg_scale", a.cfgScale());
        n.put("width", a.width());
        n.put("height", a.height());
        return n;
    }

    public static ObjectNode of(GenerationPlan plan, StepTrace trace) {
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

    static ObjectNode trace(StepTrace t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("request", t.request());
        strings(n.putArray("notes"), t.notes());
        ObjectNode p = n.putObject("prompt");
        p.put("micros", t.prompt().micros());
        p.put("prompt", t.prompt().prompt());
        p.put("negative_prompt", t.prompt().negativePrompt());
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
        a.set("args", args(t.args().args()));
        ArrayNode votes = a.putArray("votes");
        for (StepTrace.Evidence e : t.args().votes()) {
            votes.addObject().put("demo", e.demoId()).put("similarity", round(e.similarity()));
        }
        strings(a.putArray("user_requested"), t.args().userRequested());
        strings(a.putArray("notes"), t.args().notes());
        n.put("total_micros", t.totalMicros());
        return n;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    /**
     * The plan back from its JSON, its models looked up in the catalog; empty when the catalog no
     * longer has one of them.
     */
    public static Optional<GenerationPlan> readPlan(JsonNode n, ModelCatalog catalog) {
        Optional<T2IModel> model = catalog.find(n.path("model").asText());
        Optional<T2IModel> checkpoint = catalog.find(n.path("checkpoint").asText());
        if (model.isEmpty() || checkpoint.isEmpty()) {
            return Optional.empty();
        }
        List<T2IModel> loras = new ArrayList<>();
        for (JsonNode id : n.path("loras")) {
            Optional<T2IModel> lora = catalog.find(id.asText());
            if (lora.isEmpty()) {
                return Optional.empty();
            }
            loras.add(lora.get());
        }
        return Optional.of(new GenerationPlan(n.path("prompt").asText(), n.path("negative_prompt").asText(),
                model.get(), checkpoint.get(), loras, readArgs(n.path("args"))));
    }

    /** What a follow-up needs of a stored plan; needs no catalog. */
    public static PriorPlan readPrior(JsonNode n) {
        return new PriorPlan(n.path("prompt").asText(), n.path("model").asText(), readArgs(n.path("args")));
    }

    public static GenArgs readArgs(JsonNode a) {
        return new GenArgs(a.path("sampler").asText(), a.path("steps").asInt(), a.path("cfg_scale").asDouble(),
                a.path("width").asInt(), a.path("height").asInt());
    }

    /** The trace back from the "trace" object that {@link #of} writes. */
    public static StepTrace readTrace(JsonNode t) {
        JsonNode p = t.path("prompt");
        JsonNode s = t.path("selection");
        JsonNode a = t.path("args");
        List<StepTrace.Candidate> candidates = new ArrayList<>();
        for (JsonNode c : s.path("candidates")) {
            candidates.add(new StepTrace.Candidate(c.path("model").asText(), c.path("name").asText(), c.path("probability").asDouble()));
        }
        List<StepTrace.Evidence> votes = new ArrayList<>();
        for (JsonNode v : a.path("votes")) {
            votes.add(new StepTrace.Evidence(v.path("demo").asText(), v.path("similarity").asDouble()));
        }
        return new StepTrace(t.path("request").asText(), strings(t.path("notes")),
                new StepTrace.PromptStep(p.path("prompt").asText(), p.path("negative_prompt").asText(),
                        strings(p.path("subject")), strings(p.path("excluded")), strings(p.path("style_from")),
                        strings(p.path("notes")), p.path("micros").asLong()),
                new StepTrace.SelectionStep(s.path("model").asText(), candidates, strings(s.path("masked")),
                        strings(s.path("notes")), s.path("micros").asLong()),
                new StepTrace.ArgsStep(readArgs(a.path("args")), votes, strings(a.path("user_requested")),
                        strings(a.path("notes")), a.path("micros").asLong()),
                t.path("total_micros").asLong());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
