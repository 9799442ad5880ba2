package dev.chatgen.engine.args;

import java.util.List;
import java.util.Optional;

/**
 * Arguments the person asked for in so many words ("40 steps", "cfg 5", "phone wallpaper",
 * "1024x768", "quick draft"), each with the words that asked for it, for the trace.
 */
public record UserArgs(
        Optional<Integer> steps,
        Optional<Double> cfgScale,
        Optional<String> sampler,
        Optional<int[]> exactSize,
        Optional<Aspect> aspect,
        boolean draft,
        List<String> asked) {

    public UserArgs {
        asked = List.copyOf(asked);
    }

    public static UserArgs none() {
        return new UserArgs(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, List.of());
    }
}
