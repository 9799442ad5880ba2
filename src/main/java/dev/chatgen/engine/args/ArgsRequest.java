package dev.chatgen.engine.args;

import dev.chatgen.catalog.GenArgs;
import dev.chatgen.catalog.T2IModel;

import java.util.List;
import java.util.Optional;

/**
 * What stage 3 works from: the chosen model, the request's encoder state, the conversation's
 * turns (for arguments asked for in words) and, when an attached image carried generation
 * metadata, the arguments it was made with.
 */
public record ArgsRequest(T2IModel model, float[] features, List<String> turns, Optional<GenArgs> fromImage) {
    public ArgsRequest {
        turns = List.copyOf(turns);
    }
}
