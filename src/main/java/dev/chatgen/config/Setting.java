package dev.chatgen.config;

/**
 * A raw value before parsing, and where it came from for error messages.
 *
 * @param origin e.g. "bot-config/chatgen.yaml:12" or "environment CHATGEN_LOG_LEVEL"
 */
record Setting(String text, String origin) {
}
