package dev.chatgen.config;

import java.net.URI;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** How the Discord adapter connects; the bot token comes from the DISCORD_TOKEN environment variable, never from a file. */
public record DiscordConfig(URI apiUrl, String gatewayUrl, boolean messageContent, Set<String> captureChannels, int shards,
                            int maxAttachmentBytes) {
    public DiscordConfig {
        captureChannels = Set.copyOf(captureChannels);
        Keys.DISCORD_API_URL.require(apiUrl);
        Keys.DISCORD_GATEWAY_URL.require(gatewayUrl);
        Keys.DISCORD_SHARDS.require(shards);
        Keys.DISCORD_MAX_ATTACHMENT_BYTES.require(maxAttachmentBytes);
    }

    /** The channel ids of discord.capture-channels: comma-separated, blanks ignored. */
    static Set<String> channelIds(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(id -> !id.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
