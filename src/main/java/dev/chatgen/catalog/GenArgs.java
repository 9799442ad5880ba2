package dev.chatgen.catalog;

import java.util.Objects;

/**
 * The arguments stage 3 configures: the five the ChatGen paper scores.
 * Ranges are what AUTOMATIC1111's own UI allows, so anything outside them is a data error.
 */
public record GenArgs(String sampler, int steps, double cfgScale, int width, int height) {
    public static final int MIN_STEPS = 1;
    public static final int MAX_STEPS = 150;
    public static final double MIN_CFG = 1.0;
    public static final double MAX_CFG = 30.0;
    public static final int MIN_SIDE = 64;
    public static final int MAX_SIDE = 2048;

    public GenArgs {
        Objects.requireNonNull(sampler, "sampler");
        if (sampler.isBlank()) {
            throw new IllegalArgumentException("sampler must not be blank");
        }
        if (steps < MIN_STEPS || steps > MAX_STEPS) {
            throw new IllegalArgumentException("steps must be between " + MIN_STEPS + " and " + MAX_STEPS + ", was " + steps);
        }
        if (!(cfgScale >= MIN_CFG && cfgScale <= MAX_CFG)) {
            throw new IllegalArgumentException("cfg_scale must be between " + MIN_CFG + " and " + MAX_CFG + ", was " + cfgScale);
        }
        checkSide("width", width);
        checkSide("height", height);
    }

    private static void checkSide(String name, int value) {
        if (value < MIN_SIDE || value > MAX_SIDE || value % 8 != 0) {
            throw new IllegalArgumentException(name + " must be a multiple of 8 between " + MIN_SIDE + " and " + MAX_SIDE + ", was " + value);
        }
    }

    public GenArgs withSampler(String s) {
        return new GenArgs(s, steps, cfgScale, width, height);
    }

    public GenArgs withSteps(int s) {
        return new GenArgs(sampler, s, cfgScale, width, height);
    }

    public GenArgs withCfgScale(double c) {
        return new GenArgs(sampler, steps, c, width, height);
    }

    public GenArgs withSize(int w, int h) {
        return new GenArgs(sampler, steps, cfgScale, w, h);
    }

    /** "Euler a, 28 steps, CFG 7, 512x768": how the bots print it. */
    public String summary() {
        return sampler + ", " + steps + " steps, CFG " + plainNumber(cfgScale) + ", " + width + "x" + height;
    }

    /** "7" for 7.0, "7.5" for 7.5: how A1111 and people write CFG scales and LoRA weights. */
    public static String plainNumber(double cfg) {
        return cfg == Math.rint(cfg) ? String.valueOf((long) cfg) : String.valueOf(cfg);
    }
}
