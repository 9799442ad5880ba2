package dev.chatgen.render.horde;

import dev.chatgen.render.png.SamplerNames;
import dev.chatgen.render.png.SamplerNames.ComfySampler;

import java.util.Map;
import java.util.Optional;

/**
 * Maps A1111 sampler names to the Horde's sampler ids. It goes through {@link SamplerNames} (sampler +
 * scheduler), because the Horde, like ComfyUI, keeps the Karras schedule apart: a {@code karras} flag.
 */
final class HordeSamplers {
    /** What the Horde runs when it has no close match; its own default. */
    private static final String FALLBACK = "euler_ancestral";

    /** ComfyUI sampler name -> the Horde's id and the A1111 name without schedule. */
    private static final Map<String, String[]> BY_COMFY = Map.ofEntries(
            Map.entry("euler_ancestral", new String[] {"k_euler_a", "Euler a"}),
            Map.entry("euler", new String[] {"k_euler", "Euler"}),
            Map.entry("lms", new String[] {"k_lms", "LMS"}),
            Map.entry("heun", new String[] {"k_heun", "Heun"}),
            Map.entry("dpm_2", new String[] {"k_dpm_2", "DPM2"}),
            Map.entry("dpm_2_ancestral", new String[] {"k_dpm_2_a", "DPM2 a"}),
            Map.entry("dpmpp_2s_ancestral", new String[] {"k_dpmpp_2s_a", "DPM++ 2S a"}),
            Map.entry("dpmpp_2m", new String[] {"k_dpmpp_2m", "DPM++ 2M"}),
            Map.entry("dpmpp_sde", new String[] {"k_dpmpp_sde", "DPM++ SDE"}),
            Map.entry("dpm_fast", new String[] {"k_dpm_fast", "DPM fast"}),
            Map.entry("dpm_adaptive", new String[] {"k_dpm_adaptive", "DPM adaptive"}),
            Map.entry("ddim", new String[] {"DDIM", "DDIM"}));

    /** Samplers the Horde does not offer, and the nearest one it does. */
    private static final Map<String, String> STAND_INS = Map.of(
            "dpmpp_2m_sde", "dpmpp_sde",
            "dpmpp_3m_sde", "dpmpp_sde",
            "uni_pc", "dpmpp_2m",
            "lcm", "euler");

    private HordeSamplers() {
    }

    static HordeSampler of(String a1111Name) {
        Optional<ComfySampler> known = SamplerNames.toComfy(a1111Name);
        if (known.isEmpty()) {
            return build(FALLBACK, false, Optional.of("The Horde has no sampler like '" + a1111Name + "'; Euler a ran instead."));
        }
        String base = known.get().samplerName();
        String scheduler = known.get().scheduler();
        boolean karras = scheduler.equals("karras");
        String standIn = STAND_INS.get(base);
        if (standIn != null) {
            HordeSampler used = build(standIn, karras, Optional.empty());
            return withNote(used, "The Horde has no " + a1111Name + " sampler; " + used.a1111Name() + " ran instead.");
        }
        if (!BY_COMFY.containsKey(base)) {
            return build(FALLBACK, false, Optional.of("The Horde has no sampler like '" + a1111Name + "'; Euler a ran instead."));
        }
        if (!karras && !scheduler.equals("normal")) {
            HordeSampler used = build(base, false, Optional.empty());
            return withNote(used, "The Horde has no " + scheduler + " schedule; " + used.a1111Name() + " ran instead of " + a1111Name + ".");
        }
        return build(base, karras, Optional.empty());
    }

    private static HordeSampler build(String comfyName, boolean karras, Optional<String> note) {
        String[] horde = BY_COMFY.get(comfyName);
        return new HordeSampler(horde[0], karras, karras ? horde[1] + " Karras" : horde[1], note);
    }

    private static HordeSampler withNote(HordeSampler sampler, String note) {
        return new HordeSampler(sampler.id(), sampler.karras(), sampler.a1111Name(), Optional.of(note));
    }
}
