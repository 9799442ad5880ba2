package dev.chatgen.bench;

import dev.chatgen.catalog.GenArgs;

import java.nio.file.Path;
import java.util.List;

/** One ChatGenBench test case: what the user wrote (and attached) and the reference answer. */
public record BenchCase(
        String id,
        String setting,
        String type,
        List<String> turns,
        List<Path> images,
        String prompt,
        String negativePrompt,
        String model,
        GenArgs args) {

    public BenchCase {
        turns = List.copyOf(turns);
        images = List.copyOf(images);
    }
}
