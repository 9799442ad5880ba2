package dev.chatgen.bench.metrics;

import dev.chatgen.catalog.GenArgs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ArgAccuracyTest {

    private static final GenArgs REFERENCE = new GenArgs("DPM++ 2M Karras", 25, 7.0, 768, 512);

    @Test
    void score_allMatch() {
        assertEquals(1.0, ArgAccuracy.score(new GenArgs("DPM++ 2M Karras", 25, 7.0, 768, 512), REFERENCE));
    }

    @Test
    void score_integerCfgEqualsDecimal() {
        int cfg = 7;
        assertEquals(1.0, ArgAccuracy.score(new GenArgs("DPM++ 2M Karras", 25, cfg, 768, 512), REFERENCE));
    }

    @Test
    void score_eachArgumentCountsOneFifth() {
        assertEquals(0.8, ArgAccuracy.score(new GenArgs("Euler a", 25, 7.0, 768, 512), REFERENCE), 1e-12);
        assertEquals(0.8, ArgAccuracy.score(new GenArgs("DPM++ 2M Karras", 30, 7.0, 768, 512), REFERENCE), 1e-12);
        assertEquals(0.8, ArgAccuracy.score(new GenArgs("DPM++ 2M Karras", 25, 7.5, 768, 512), REFERENCE), 1e-12);
        assertEquals(0.6, ArgAccuracy.score(new GenArgs("DPM++ 2M Karras", 25, 7.0, 512, 768), REFERENCE), 1e-12);
    }

    @Test
    void score_samplerIsCaseSensitive() {
        assertEquals(0.8, ArgAccuracy.score(new GenArgs("dpm++ 2m karras", 25, 7.0, 768, 512), REFERENCE), 1e-12);
    }

    @Test
    void score_noneMatch() {
        assertEquals(0.0, ArgAccuracy.score(new GenArgs("Euler a", 20, 5.0, 512, 768), REFERENCE));
    }

    @Test
    void new_nullSampler() {
        assertThrows(NullPointerException.class, () -> new GenArgs(null, 25, 7.0, 768, 512));
    }
}
