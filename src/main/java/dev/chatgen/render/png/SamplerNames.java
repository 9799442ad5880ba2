package dev.chatgen.render.png;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Translates between AUTOMATIC1111 sampler names in their pre-1.9 single-name form ("DPM++ 2M Karras") and
 * ComfyUI's KSampler {@code sampler_name} + {@code scheduler} pair ("dpmpp_2m" + "karras"). One table serves
 * both directions so the metadata reader and the ComfyUI backend cannot drift apart.
 */
public final class SamplerNames {

    /** A ComfyUI KSampler's {@code sampler_name} and {@code scheduler}. */
    public record ComfySampler(String samplerName, String scheduler) {
        public ComfySampler {
            Objects.requireNonNull(samplerName, "samplerName");
            Objects.requireNonNull(scheduler, "scheduler");
        }
    }

    // ComfyUI's default scheduler; A1111 names without a schedule suffix correspond to it.
    private static final String DEFAULT_SCHEDULER = "normal";

    private static final Map<String, ComfySampler> BY_A1111 = new LinkedHashMap<>();
    private static final Map<ComfySampler, String> BY_COMFY = new LinkedHashMap<>();

    static {
        for (List<String> row : List.of(
                List.of("Euler a", "euler_ancestral", "normal"),
                List.of("Euler", "euler", "normal"),
                List.of("LMS", "lms", "normal"),
                List.of("LMS Karras", "lms", "karras"),
                List.of("Heun", "heun", "normal"),
                List.of("DPM2", "dpm_2", "normal"),
                List.of("DPM2 Karras", "dpm_2", "karras"),
                List.of("DPM2 a", "dpm_2_ancestral", "normal"),
                List.of("DPM2 a Karras", "dpm_2_ancestral", "karras"),
                List.of("DPM++ 2S a", "dpmpp_2s_ancestral", "normal"),
                List.of("DPM++ 2S a Karras", "dpmpp_2s_ancestral", "karras"),
                List.of("DPM++ 2M", "dpmpp_2m", "normal"),
                List.of("DPM++ 2M Karras", "dpmpp_2m", "karras"),
                List.of("DPM++ SDE", "dpmpp_sde", "normal"),
                List.of("DPM++ SDE Karras", "dpmpp_sde", "karras"),
                List.of("DPM++ 2M SDE", "dpmpp_2m_sde", "normal"),
                List.of("DPM++ 2M SDE Karras", "dpmpp_2m_sde", "karras"),
                List.of("DPM++ 2M SDE Exponential", "dpmpp_2m_sde", "exponential"),
                List.of("DPM++ 3M SDE", "dpmpp_3m_sde", "normal"),
                List.of("DPM++ 3M SDE Karras", "dpmpp_3m_sde", "karras"),
                List.of("DPM++ 3M SDE Exponential", "dpmpp_3m_sde", "exponential"),
                List.of("DPM fast", "dpm_fast", "normal"),
                List.of("DPM adaptive", "dpm_adaptive", "normal"),
                List.of("DDIM", "ddim", "normal"),
                List.of("UniPC", "uni_pc", "normal"),
                List.of("LCM", "lcm", "normal"))) {
            ComfySampler comfy = new ComfySampler(row.get(1), row.get(2));
            BY_A1111.put(row.get(0).toLowerCase(Locale.ROOT), comfy);
            BY_COMFY.put(comfy, row.get(0));
        }
    }

    private SamplerNames() {
    }

    /**
     * The A1111 name for a ComfyUI sampler + scheduler, e.g. "DPM++ 2M Karras". Combinations A1111 has no name for
     * come back readable but unmapped, e.g. "dpmpp_2m (exponential)". A null or blank scheduler means "normal".
     */
    public static String toA1111(String samplerName, String scheduler) {
        Objects.requireNonNull(samplerName, "samplerName");
        String effective = scheduler == null || scheduler.isBlank() ? DEFAULT_SCHEDULER : scheduler;
        String name = BY_COMFY.get(new ComfySampler(samplerName, effective));
        return name != null ? name : samplerName + " (" + effective + ")";
    }

    /** The ComfyUI sampler + scheduler for an A1111 single-name sampler (case-insensitive), if A1111 has it. */
    public static Optional<ComfySampler> toComfy(String a1111Name) {
        Objects.requireNonNull(a1111Name, "a1111Name");
        return Optional.ofNullable(BY_A1111.get(a1111Name.strip().toLowerCase(Locale.ROOT)));
    }
}
