package dev.chatgen.render.horde;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * One picture in {@code GET /v2/generate/status/{id}}: the image (a download link with {@code r2}, else base64
 * WEBP), and what the worker says it ran.
 */
record HordeGeneration(String img, Optional<String> seed, String workerId, String workerName, Optional<String> model,
                       boolean censored) {

    static Optional<HordeGeneration> firstOf(JsonNode status) {
        JsonNode generations = status.path("generations");
        if (!generations.isArray()) {
            throw new IllegalArgumentException("not a request status with generations: " + status);
        }
        if (generations.isEmpty()) {
            return Optional.empty();
        }
        JsonNode g = generations.get(0);
        boolean censored = g.path("censored").asBoolean(false) || "censored".equals(g.path("state").asText());
        for (JsonNode meta : g.path("gen_metadata")) {
            censored |= "censorship".equals(meta.path("type").asText());
        }
        return Optional.of(new HordeGeneration(g.path("img").asText(""), text(g, "seed"), g.path("worker_id").asText(""),
                g.path("worker_name").asText(""), text(g, "model"), censored));
    }

    boolean isLink() {
        return img.startsWith("https://") || img.startsWith("http://");
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() || value.asText().isBlank() ? Optional.empty() : Optional.of(value.asText());
    }
}
