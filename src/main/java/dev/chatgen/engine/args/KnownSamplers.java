package dev.chatgen.engine.args;

import java.util.Set;

/** Sampler names as AUTOMATIC1111 spells them (scheduler folded in, as before its 1.9 split). */
final class KnownSamplers {
    static final Set<String> NAMES = Set.of(
            "Euler a", "Euler", "LMS", "LMS Karras", "Heun", "DPM2", "DPM2 a", "DPM2 Karras", "DPM2 a Karras",
            "DPM++ 2S a", "DPM++ 2S a Karras", "DPM++ 2M", "DPM++ 2M Karras", "DPM++ SDE", "DPM++ SDE Karras",
            "DPM++ 2M SDE", "DPM++ 2M SDE Karras", "DPM++ 3M SDE", "DPM++ 3M SDE Karras", "DDIM", "PLMS", "UniPC",
            "LCM", "Restart", "DPM fast", "DPM adaptive");

    private KnownSamplers() {
    }
}
