package dev.chatgen.moderation;

/**
 * Where a request was made, for the model policies: the platform, the Discord server or Slack
 * workspace (empty for a DM or the console), the channel, and whether NSFW-flagged models may be
 * used there.
 */
public record Place(String platform, String workspace, String channel, boolean adultContent) {
    /** The console and `chatgen imagine`: only the global policy applies. */
    public static Place console(String platform) {
        return new Place(platform, "", "", false);
    }
}
