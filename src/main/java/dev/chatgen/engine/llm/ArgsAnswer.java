package dev.chatgen.engine.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatgen.catalog.BaseModel;
import dev.chatgen.catalog.GenArgs;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Stage 3's answer read strictly: one JSON object with a sampler A1111 knows, whole steps and a
 * CFG scale within A1111's ranges, and a size the model's family renders (sides in its range, in
 * multiples of 8). Anything else is refused rather than clamped: a model that answers 999 steps
 * has not understood the question, and the embedded configurer has.
 */
final class ArgsAnswer {
    private ArgsAnswer() {
    }

    static GenArgs parse(String content, BaseModel base, Set<String> samplers, String where) throws LlmException {
        ObjectNode json = AnswerText.jsonObject(content).orElseThrow(() ->
                new LlmException(LlmException.Kind.MALFORMED, where + " answered with something other than the JSON object of arguments asked for"));
        JsonNode samplerField = field(json, "sampler", where);
        if (!samplerField.isTextual()) {
            throw new LlmException(LlmException.Kind.MALFORMED, where + " answered a sampler that is not a name: " + samplerField);
        }
        String sampler = canonical(samplerField.asText().strip(), samplers).orElseThrow(() -> new LlmException(LlmException.Kind.INVALID,
                where + " chose the sampler \"" + samplerField.asText() + "\", which AUTOMATIC1111 does not know"));
        int steps = whole(json, "steps", where);
        if (steps < GenArgs.MIN_STEPS || steps > GenArgs.MAX_STEPS) {
            throw new LlmException(LlmException.Kind.INVALID, where + " chose " + steps + " steps; "
                    + GenArgs.MIN_STEPS + " to " + GenArgs.MAX_STEPS + " are possible");
        }
        JsonNode cfgField = field(json, "cfg_scale", where);
        if (!cfgField.isNumber()) {
            throw new LlmException(LlmException.Kind.MALFORMED, where + " answered a cfg_scale that is not a number: " + cfgField);
        }
        double cfg = cfgField.asDouble();
        if (!(cfg >= GenArgs.MIN_CFG && cfg <= GenArgs.MAX_CFG)) {
            throw new LlmException(LlmException.Kind.INVALID, where + " chose CFG scale " + GenArgs.plainNumber(cfg) + "; "
                    + GenArgs.plainNumber(GenArgs.MIN_CFG) + " to " + GenArgs.plainNumber(GenArgs.MAX_CFG) + " are possible");
        }
        int width = whole(json, "width", where);
        int height = whole(json, "height", where);
        if (!base.accepts(width, height) || width % 8 != 0 || height % 8 != 0) {
            throw new LlmException(LlmException.Kind.INVALID, where + " chose " + width + "x" + height + "; " + base.label()
                    + " renders sides from " + base.minSide() + " to " + base.maxSide() + " in multiples of 8");
        }
        return new GenArgs(sampler, steps, cfg, width, height);
    }

    /** "euler a" is "Euler a": case is a slip, a name A1111 lacks is not. */
    private static Optional<String> canonical(String name, Set<String> samplers) {
        return samplers.stream().filter(s -> s.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))).findFirst();
    }

    private static JsonNode field(ObjectNode json, String name, String where) throws LlmException {
        JsonNode n = json.get(name);
        if (n == null || n.isNull()) {
            throw new LlmException(LlmException.Kind.MALFORMED, where + " left " + name + " out of its arguments");
        }
        return n;
    }

    /** A whole number: 30 or 30.0, not "30" or 30.5. */
    private static int whole(ObjectNode json, String name, String where) throws LlmException {
        JsonNode n = field(json, name, where);
        if (!n.isNumber() || n.asDouble() != Math.rint(n.asDouble()) || Math.abs(n.asDouble()) > Integer.MAX_VALUE) {
            throw new LlmException(LlmException.Kind.MALFORMED, where + " answered " + name + " that is not a whole number: " + n);
        }
        return (int) n.asDouble();
    }
}
