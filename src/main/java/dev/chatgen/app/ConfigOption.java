package dev.chatgen.app;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --config} option every command shares. */
final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE", defaultValue = "bot-config/chatgen.yaml",
            description = "Configuration file (default: ${DEFAULT-VALUE}). Every key can be overridden by CHATGEN_<KEY> environment variables.")
    Path file;
}
