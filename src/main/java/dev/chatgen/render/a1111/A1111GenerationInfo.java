package dev.chatgen.render.a1111;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgen.render.RenderFailedException;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code info} of a txt2img/img2img reply: a JSON document sent as a string inside the JSON reply, saying
 * what the server ran ({@code sd_model_name}, {@code sd_model_hash}, {@code seed}, {@code sampler_name}) and the
 * infotext it wrote for each picture ({@code infotexts}).
 */
record A1111GenerationInfo(
        String prompt,
        String negativePrompt,
        OptionalLong seed,
        String samplerName,
        String sdModelName,
        String sdModelHash,
        int width,
        int height,
        int steps,
        double cfgScale,
        Optional<String> infotext) {

    static A1111GenerationInfo parse(JsonNode info) {
        JsonNode doc = info;
        if (info.isTextual()) {
            doc = info.asText().isBlank() ? null : A1111Replies.json(info.asText());
        }
        if (doc == null || !doc.isObject()) {
            throw new RenderFailedException("the AUTOMATIC1111 server did not say what it ran (its reply has no usable \"info\")", null);
        }
        JsonNode infotexts = doc.path("infotexts");
        Optional<String> first = infotexts.isArray() && !infotexts.isEmpty() && infotexts.get(0).isTextual()
                && !infotexts.get(0).asText().isBlank() ? Optional.of(infotexts.get(0).asText()) : Optional.empty();
        JsonNode seed = doc.path("seed");
        return new A1111GenerationInfo(
                doc.path("prompt").asText(""),
                doc.path("negative_prompt").asText(""),
                seed.isIntegralNumber() ? OptionalLong.of(seed.asLong()) : OptionalLong.empty(),
                doc.path("sampler_name").asText(""),
                doc.path("sd_model_name").isTextual() ? doc.path("sd_model_name").asText() : "",
                doc.path("sd_model_hash").isTextual() ? doc.path("sd_model_hash").asText() : "",
                doc.path("width").asInt(0),
                doc.path("height").asInt(0),
                doc.path("steps").asInt(0),
                doc.path("cfg_scale").asDouble(Double.NaN),
                first);
    }
}
