package dev.chatgen.render.a1111;

import java.util.Objects;
import java.util.Optional;

/**
 * The sampler to send for a planned one, in this server's names.
 *
 * @param samplerName    {@code sampler_name} ("DPM++ 2M", or "DPM++ 2M Karras" on a server before 1.9)
 * @param scheduler      {@code scheduler} ("karras"); empty means the sampler's default ("Automatic")
 * @param schedulerLabel how the server writes that scheduler in infotext ("Karras")
 * @param note           set when this is not exactly what the plan asked for, saying what was used instead
 */
record SamplerChoice(String samplerName, Optional<String> scheduler, Optional<String> schedulerLabel, Optional<String> note) {
    SamplerChoice {
        Objects.requireNonNull(samplerName, "samplerName");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(schedulerLabel, "schedulerLabel");
        Objects.requireNonNull(note, "note");
    }

    static SamplerChoice exact(String samplerName) {
        return new SamplerChoice(samplerName, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** "DPM++ 2M / Karras" when the scheduler is separate, else the sampler name. */
    String display() {
        return samplerName + schedulerLabel.map(label -> " / " + label).orElse("");
    }
}
