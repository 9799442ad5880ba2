package dev.chatgen.config;

/** @param neighbours demonstrations that vote on the generation arguments */
public record ArgsConfig(int neighbours) {
    public ArgsConfig {
        Keys.ENGINE_ARGS_NEIGHBOURS.require(neighbours);
    }
}
