package dev.chatgen.render.a1111;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class A1111SamplersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    // Shapes as /sdapi/v1/samplers and /sdapi/v1/schedulers send them on 1.10 (abridged lists).
    private static final A1111Samplers MODERN = A1111Samplers.parse(json("""
            [{"name":"DPM++ 2M","aliases":["k_dpmpp_2m"],"options":{}},
             {"name":"DPM++ 2M SDE","aliases":["k_dpmpp_2m_sde"],"options":{}},
             {"name":"Euler a","aliases":["k_euler_a","k_euler_ancestral"],"options":{"uses_ensd":"True"}},
             {"name":"LMS","aliases":["k_lms"],"options":{}}]"""), Optional.of(json("""
            [{"name":"automatic","label":"Automatic","aliases":null,"default_rho":-1,"need_inner_model":false},
             {"name":"karras","label":"Karras","aliases":null,"default_rho":7.0,"need_inner_model":false},
             {"name":"exponential","label":"Exponential","aliases":null,"default_rho":-1,"need_inner_model":false},
             {"name":"sgm_uniform","label":"SGM Uniform","aliases":["SGMUniform"],"default_rho":-1,"need_inner_model":true}]""")));

    private static final A1111Samplers OLD = A1111Samplers.parse(json("""
            [{"name":"DPM++ 2M Karras","aliases":["k_dpmpp_2m_ka"],"options":{"scheduler":"karras"}},
             {"name":"DPM++ 2M","aliases":["k_dpmpp_2m"],"options":{}},
             {"name":"Euler a","aliases":["k_euler_a"],"options":{}},
             {"name":"Euler","aliases":["k_euler"],"options":{}}]"""), Optional.empty());

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void aCombinedNameIsSplitOnAServerWithSchedulers() {
        SamplerChoice c = MODERN.choose("DPM++ 2M Karras");
        assertEquals("DPM++ 2M", c.samplerName());
        assertEquals(Optional.of("karras"), c.scheduler());
        assertEquals("DPM++ 2M / Karras", c.display());
        assertEquals(Optional.empty(), c.note());

        assertEquals(Optional.of("exponential"), MODERN.choose("DPM++ 2M SDE Exponential").scheduler());
        assertEquals("DPM++ 2M SDE", MODERN.choose("DPM++ 2M SDE Exponential").samplerName());
        assertEquals(Optional.of("sgm_uniform"), MODERN.choose("dpm++ 2m sgmuniform").scheduler(), "case and aliases as the server knows them");
    }

    @Test
    void aPlainNameIsSentAsItIsWithTheDefaultSchedule() {
        SamplerChoice c = MODERN.choose("Euler a");
        assertEquals("Euler a", c.samplerName());
        assertEquals(Optional.empty(), c.scheduler());
        assertEquals("Euler a", MODERN.choose("k_euler_ancestral").samplerName(), "an alias resolves to the server's name");
    }

    @Test
    void anOldServerGetsTheCombinedNameItLists() {
        SamplerChoice c = OLD.choose("DPM++ 2M Karras");
        assertEquals("DPM++ 2M Karras", c.samplerName());
        assertEquals(Optional.empty(), c.scheduler());
        assertEquals(Optional.empty(), c.note());
    }

    @Test
    void aMissingScheduleFallsBackToTheSameSamplerWithANote() {
        SamplerChoice c = OLD.choose("DPM++ 2M Exponential");
        assertEquals("DPM++ 2M", c.samplerName());
        assertEquals(Optional.of("the server has no Exponential schedule for DPM++ 2M; used its default schedule"), c.note());
    }

    @Test
    void anUnknownSamplerFallsBackToEulerAWithANote() {
        SamplerChoice c = MODERN.choose("UniPC");
        assertEquals("Euler a", c.samplerName());
        assertEquals(Optional.of("the server has no sampler \"UniPC\"; used \"Euler a\" instead"), c.note());

        A1111Samplers noEuler = new A1111Samplers(List.of(new A1111Samplers.Sampler("DDIM", List.of())), Optional.empty());
        assertEquals("DDIM", noEuler.choose("Heun").samplerName(), "else the server's first sampler");
    }
}
