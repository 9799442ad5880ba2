package dev.chatgen.chat;

/**
 * What the person and the place may do, as the adapter knows it when the message arrives.
 *
 * @param moderator  a moderator here (Manage Server on Discord, a workspace admin on Slack): exempt from quotas
 * @param adultPlace an age-restricted channel of a server that opted in: NSFW-flagged models may be used
 */
public record Standing(boolean moderator, boolean adultPlace) {
    public static final Standing ORDINARY = new Standing(false, false);
}
