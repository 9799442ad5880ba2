package dev.chatgen.config;

public record LogConfig(LogLevel level) {
    public LogConfig {
        Keys.LOG_LEVEL.require(level);
    }
}
