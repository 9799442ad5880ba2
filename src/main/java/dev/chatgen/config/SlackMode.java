package dev.chatgen.config;

/** How Slack reaches the bot: over a WebSocket the bot opens (no public URL needed), or HTTP requests to it. */
public enum SlackMode {
    SOCKET, HTTP
}
