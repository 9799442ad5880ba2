package dev.chatgen.engine.args;

import dev.chatgen.catalog.Demonstration;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/** Sampler names as AUTOMATIC1111 spells them (scheduler folded in, as before its 1.9 split). */
public final class KnownSamplers {
    public static final Set<String> NAMES = Set.of(
            "Euler a", "Euler", "LMS", "LMS Karras", "Heun", "DPM2", "DPM2 a", "DPM2 Karras", "DPM2 a Karras",
            "DPM++ 2S a", "DPM++ 2S a Karras", "DPM++ 2M", "DPM++ 2M Karras", "DPM++ SDE", "DPM++ SDE Karras",
            "DPM++ 2M SDE", "DPM++ 2M SDE Karras", "DPM++ 3M SDE", "DPM++ 3M SDE Karras", "DDIM", "PLMS", "UniPC",
            "LCM", "Restart", "DPM fast", "DPM adaptive");

    /** These names and any other a demonstration used: what a person may name and a configurer may choose. */
    public static Set<String> andThoseOf(Collection<Demonstration> demonstrations) {
        Set<String> samplers = new TreeSet<>(NAMES);
        demonstrations.forEach(d -> samplers.add(d.args().sampler()));
        return Collections.unmodifiableSet(samplers);
    }

    private KnownSamplers() {
    }
}
