package dev.chatgen.render.comfy;

import dev.chatgen.render.png.SamplerNames;
import dev.chatgen.render.png.SamplerNames.ComfySampler;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The KSampler's sampler_name + scheduler for a plan's A1111 sampler name, and a note when ComfyUI has
 * no exact match and another sampler stands in.
 */
record SamplerChoice(ComfySampler sampler, Optional<String> note) {
    /** A safe, widely used pair for samplers ComfyUI cannot match. */
    static final ComfySampler FALLBACK = new ComfySampler("dpmpp_2m", "karras");

    // Schedule words A1111 appends to a sampler name, for names the shared table lacks ("Euler a Karras").
    private static final Map<String, String> SCHEDULE_SUFFIXES = Map.of(
            " karras", "karras", " exponential", "exponential", " sgm uniform", "sgm_uniform");

    static SamplerChoice of(String a1111Name) {
        Optional<ComfySampler> exact = SamplerNames.toComfy(a1111Name);
        if (exact.isPresent()) {
            return new SamplerChoice(exact.get(), Optional.empty());
        }
        String lower = a1111Name.strip().toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> suffix : SCHEDULE_SUFFIXES.entrySet()) {
            if (lower.endsWith(suffix.getKey())) {
                Optional<ComfySampler> base = SamplerNames.toComfy(lower.substring(0, lower.length() - suffix.getKey().length()));
                if (base.isPresent()) {
                    return new SamplerChoice(new ComfySampler(base.get().samplerName(), suffix.getValue()), Optional.empty());
                }
            }
        }
        return new SamplerChoice(FALLBACK, Optional.of("ComfyUI has no sampler matching '" + a1111Name + "'; used "
                + SamplerNames.toA1111(FALLBACK.samplerName(), FALLBACK.scheduler()) + " instead"));
    }

    /** The A1111 name of what runs, e.g. "DPM++ 2M Karras", for the infotext. */
    String a1111Name() {
        return SamplerNames.toA1111(sampler.samplerName(), sampler.scheduler());
    }

    /** What runs in ComfyUI's own words, e.g. "dpmpp_2m karras". */
    String serverName() {
        return sampler.samplerName() + " " + sampler.scheduler();
    }
}
