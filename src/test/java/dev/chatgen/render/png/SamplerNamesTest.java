package dev.chatgen.render.png;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatgen.render.png.SamplerNames.ComfySampler;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SamplerNamesTest {

    @ParameterizedTest
    @CsvSource({
            "euler_ancestral, normal, Euler a",
            "euler, normal, Euler",
            "dpmpp_2m, karras, DPM++ 2M Karras",
            "dpmpp_sde, karras, DPM++ SDE Karras",
            "dpmpp_2m_sde, karras, DPM++ 2M SDE Karras",
            "dpmpp_3m_sde, karras, DPM++ 3M SDE Karras",
            "dpmpp_2s_ancestral, karras, DPM++ 2S a Karras",
            "ddim, normal, DDIM",
            "uni_pc, normal, UniPC",
            "lms, karras, LMS Karras",
            "heun, normal, Heun",
            "dpm_2_ancestral, karras, DPM2 a Karras",
            "lcm, normal, LCM"})
    void toA1111_knownCombination_givesA1111Name(String sampler, String scheduler, String expected) {
        assertEquals(expected, SamplerNames.toA1111(sampler, scheduler));
    }

    @Test
    void toA1111_missingScheduler_meansNormal() {
        assertEquals("Euler a", SamplerNames.toA1111("euler_ancestral", null));
    }

    @Test
    void toA1111_unknownCombination_givesReadableFallback() {
        assertEquals("dpmpp_2m (exponential)", SamplerNames.toA1111("dpmpp_2m", "exponential"));
    }

    @Test
    void toComfy_karrasName_givesSamplerAndScheduler() {
        assertEquals(Optional.of(new ComfySampler("dpmpp_2m", "karras")), SamplerNames.toComfy("DPM++ 2M Karras"));
    }

    @Test
    void toComfy_ignoresCase() {
        assertEquals(Optional.of(new ComfySampler("euler_ancestral", "normal")), SamplerNames.toComfy("euler A"));
    }

    @Test
    void toComfy_unknownName_isEmpty() {
        assertEquals(Optional.empty(), SamplerNames.toComfy("Restart"));
    }

    @ParameterizedTest
    @CsvSource({"DPM++ 2M SDE Exponential", "DPM2 a", "UniPC", "DPM++ 3M SDE"})
    void toComfy_thenToA1111_roundTrips(String a1111) {
        ComfySampler comfy = SamplerNames.toComfy(a1111).orElseThrow();

        assertEquals(a1111, SamplerNames.toA1111(comfy.samplerName(), comfy.scheduler()));
    }
}
