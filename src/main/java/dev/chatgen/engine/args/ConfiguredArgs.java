package dev.chatgen.engine.args;

import dev.chatgen.catalog.GenArgs;

import java.util.List;

/** Stage 3's answer: the arguments, the demonstrations that voted, and what the person asked for. */
public record ConfiguredArgs(GenArgs args, List<Vote> votes, List<String> userRequested) {
    public ConfiguredArgs {
        votes = List.copyOf(votes);
        userRequested = List.copyOf(userRequested);
    }

    public record Vote(String demoId, double similarity) {
    }
}
