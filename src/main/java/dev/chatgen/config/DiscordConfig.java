package dev.chatgen.config;

import java.net.URI;

/** How the Discord adapter connects; the bot token comes from the DISCORD_TOKEN environment variable, never from a file. */
public record DiscordConfig(URI apiUrl, String gatewayUrl, boolean messageContent, int shards, int maxAttachmentBytes) {
    public DiscordConfig {
        Keys.DISCORD_API_URL.require(apiUrl);
        Keys.DISCORD_GATEWAY_URL.require(gatewayUrl);
        Keys.DISCORD_SHARDS.require(shards);
        Keys.DISCORD_MAX_ATTACHMENT_BYTES.require(maxAttachmentBytes);
    }
}
