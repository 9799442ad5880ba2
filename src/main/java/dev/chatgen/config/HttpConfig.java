package dev.chatgen.config;

/** The port of /healthz and /metrics, served by `chatgen serve` and `chatgen worker`; 0 picks a free one. */
public record HttpConfig(int port) {
    public HttpConfig {
        Keys.HTTP_PORT.require(port);
    }
}
