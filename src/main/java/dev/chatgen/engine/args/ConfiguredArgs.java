package dev.chatgen.engine.args;

import dev.chatgen.catalog.GenArgs;

import java.util.List;

/**
 * Stage 3's answer: the arguments, the demonstrations that voted (or were shown to an LLM), what
 * the person asked for, and notes on how the arguments came about (which backend, any fallback).
 */
public record ConfiguredArgs(GenArgs args, List<Vote> votes, List<String> userRequested, List<String> notes) {
    public ConfiguredArgs {
        votes = List.copyOf(votes);
        userRequested = List.copyOf(userRequested);
        notes = List.copyOf(notes);
    }

    public ConfiguredArgs(GenArgs args, List<Vote> votes, List<String> userRequested) {
        this(args, votes, userRequested, List.of());
    }

    public record Vote(String demoId, double similarity) {
    }
}
