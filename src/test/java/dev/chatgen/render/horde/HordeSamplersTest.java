package dev.chatgen.render.horde;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HordeSamplersTest {

    @ParameterizedTest(name = "{0} -> {1} karras={2}")
    @CsvSource({
            "Euler a, k_euler_a, false, Euler a, false",
            "Euler, k_euler, false, Euler, false",
            "DPM++ 2M Karras, k_dpmpp_2m, true, DPM++ 2M Karras, false",
            "DPM++ SDE Karras, k_dpmpp_sde, true, DPM++ SDE Karras, false",
            "DPM++ 2M, k_dpmpp_2m, false, DPM++ 2M, false",
            "DPM2 a Karras, k_dpm_2_a, true, DPM2 a Karras, false",
            "DPM++ 2S a, k_dpmpp_2s_a, false, DPM++ 2S a, false",
            "Heun, k_heun, false, Heun, false",
            "LMS Karras, k_lms, true, LMS Karras, false",
            "DPM fast, k_dpm_fast, false, DPM fast, false",
            "DDIM, DDIM, false, DDIM, false",
            "DPM++ 2M SDE Karras, k_dpmpp_sde, true, DPM++ SDE Karras, true",
            "DPM++ 3M SDE Exponential, k_dpmpp_sde, false, DPM++ SDE, true",
            "UniPC, k_dpmpp_2m, false, DPM++ 2M, true",
            "LCM, k_euler, false, Euler, true",
            "Restart, k_euler_a, false, Euler a, true",
    })
    void mapsA1111NamesToHordeIds(String a1111, String id, boolean karras, String ran, boolean noted) {
        HordeSampler sampler = HordeSamplers.of(a1111);
        assertEquals(id, sampler.id());
        assertEquals(karras, sampler.karras());
        assertEquals(ran, sampler.a1111Name());
        assertEquals(noted, sampler.note().isPresent(), sampler.note().toString());
        assertEquals(id + (karras ? " karras" : ""), sampler.label());
    }
}
