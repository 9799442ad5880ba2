package dev.chatgen.chat;

import java.util.Objects;

/**
 * Who is talking where: a conversation is one person in one channel (and thread, where the
 * platform has them) of one workspace or guild. Parts that a platform lacks are empty strings.
 */
public record ConversationKey(String platform, String workspace, String channel, String thread, String user) {
    public ConversationKey {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(thread, "thread");
        Objects.requireNonNull(user, "user");
        if (platform.isBlank() || user.isBlank()) {
            throw new IllegalArgumentException("a conversation needs a platform and a user");
        }
    }

    /** The person, across channels: fairness and per-user limits count by this. */
    public String requester() {
        return platform + ":" + user;
    }

    @Override
    public String toString() {
        return platform + "/" + workspace + "/" + channel + (thread.isEmpty() ? "" : "/" + thread) + "@" + user;
    }
}
