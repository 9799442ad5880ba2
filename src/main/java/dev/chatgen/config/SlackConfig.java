package dev.chatgen.config;

import java.net.URI;

/**
 * How the Slack adapter connects. The tokens come from the environment only (SLACK_BOT_TOKEN,
 * SLACK_APP_TOKEN for Socket Mode, SLACK_SIGNING_SECRET for HTTP mode), never from a file.
 */
public record SlackConfig(SlackMode mode, int httpPort, URI apiUrl, int maxAttachmentBytes) {
    public SlackConfig {
        Keys.SLACK_MODE.require(mode);
        Keys.SLACK_HTTP_PORT.require(httpPort);
        Keys.SLACK_API_URL.require(apiUrl);
        Keys.SLACK_MAX_ATTACHMENT_BYTES.require(maxAttachmentBytes);
    }
}
