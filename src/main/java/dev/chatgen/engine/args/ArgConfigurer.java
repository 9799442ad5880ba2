package dev.chatgen.engine.args;

/** Stage 3: configures sampler, steps, CFG scale and size for the chosen model. */
public interface ArgConfigurer {
    ConfiguredArgs configure(ArgsRequest request);
}
