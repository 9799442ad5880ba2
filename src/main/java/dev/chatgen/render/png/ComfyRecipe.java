package dev.chatgen.render.png;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The generation settings read from a ComfyUI graph, in A1111 vocabulary so both sources read alike.
 *
 * @param prompt         positive prompt text, empty when the graph does not lead to one
 * @param negativePrompt negative prompt text, empty when the graph does not lead to one
 * @param checkpoint     checkpoint file name without folder or extension
 * @param loras          LoRAs in the order they are applied (checkpoint side first), strength = strength_model
 * @param sampler        A1111 sampler name, see {@link SamplerNames#toA1111(String, String)}
 */
public record ComfyRecipe(
        String prompt,
        String negativePrompt,
        Optional<String> checkpoint,
        List<LoraTag> loras,
        Optional<String> sampler,
        Optional<Integer> steps,
        Optional<Double> cfg,
        Optional<Long> seed,
        Optional<Integer> width,
        Optional<Integer> height) {

    public ComfyRecipe {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(negativePrompt, "negativePrompt");
        Objects.requireNonNull(checkpoint, "checkpoint");
        loras = List.copyOf(loras);
        Objects.requireNonNull(sampler, "sampler");
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(cfg, "cfg");
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(width, "width");
        Objects.requireNonNull(height, "height");
    }
}
