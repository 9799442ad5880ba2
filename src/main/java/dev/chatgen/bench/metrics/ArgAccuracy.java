package dev.chatgen.bench.metrics;

import dev.chatgen.catalog.GenArgs;

/**
 * Argument accuracy: the fraction of the five arguments (sampler, steps, cfg_scale, width,
 * height) that match exactly. The sampler is compared as a string (case matters); numbers as
 * numbers, so a cfg_scale of 7 equals 7.0.
 */
public final class ArgAccuracy {

    private static final int ARGUMENTS = 5;

    private ArgAccuracy() {
    }

    public static double score(GenArgs predicted, GenArgs reference) {
        int matches = 0;
        if (predicted.sampler().equals(reference.sampler())) {
            matches++;
        }
        if (predicted.steps() == reference.steps()) {
            matches++;
        }
        if (predicted.cfgScale() == reference.cfgScale()) {
            matches++;
        }
        if (predicted.width() == reference.width()) {
            matches++;
        }
        if (predicted.height() == reference.height()) {
            matches++;
        }
        return (double) matches / ARGUMENTS;
    }
}
