package dev.chatgen.config;

public enum LogLevel {
    ERROR, WARN, INFO, DEBUG, TRACE
}
