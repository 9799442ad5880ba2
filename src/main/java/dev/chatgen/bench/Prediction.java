package dev.chatgen.bench;

import dev.chatgen.catalog.GenArgs;

/** What a system answered for one case, in the format `bench` writes (DESIGN.md). */
public record Prediction(String id, String prompt, String negativePrompt, String model, GenArgs args, double latencyMs) {
}
