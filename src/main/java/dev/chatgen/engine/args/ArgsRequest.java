package dev.chatgen.engine.args;

import dev.chatgen.catalog.GenArgs;
import dev.chatgen.catalog.T2IModel;

import java.util.List;
import java.util.Optional;

/**
 * What stage 3 works from: the chosen model, the request's encoder state, the conversation's
 * turns (for arguments asked for in words) and, when an attached image carried generation
 * metadata, the arguments it was made with; and when the request refines the bot's previous picture
 * with the same model, that picture's size, which stays unless the words ask for another.
 */
public record ArgsRequest(T2IModel model, float[] features, List<String> turns, Optional<GenArgs> fromImage,
                          Optional<GenArgs> previous) {
    public ArgsRequest {
        turns = List.copyOf(turns);
    }

    public ArgsRequest(T2IModel model, float[] features, List<String> turns, Optional<GenArgs> fromImage) {
        this(model, features, turns, fromImage, Optional.empty());
    }
}
