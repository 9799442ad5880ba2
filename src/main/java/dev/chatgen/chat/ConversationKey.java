package dev.chatgen.chat;

import java.util.Objects;

/**
 * Who is talking where: a conversation is one person in one channel (and thread, where the
 * platform has them) of one workspace or guild. Parts that a platform lacks are empty strings.
 *
 * @param sharedThread the conversation is the thread's, whoever writes in it (Slack: everyone in a
 *                     thread refines the same picture); {@code user} is still the author of the turn
 */
public record ConversationKey(String platform, String workspace, String channel, String thread, String user, boolean sharedThread) {
    /** Stands for "anyone" where a shared thread's conversation is stored. */
    static final String ANYONE = "*";

    public ConversationKey {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(thread, "thread");
        Objects.requireNonNull(user, "user");
        if (platform.isBlank() || user.isBlank()) {
            throw new IllegalArgumentException("a conversation needs a platform and a user");
        }
        if (sharedThread && thread.isEmpty()) {
            throw new IllegalArgumentException("a shared conversation needs a thread");
        }
    }

    /** One person's conversation in a channel or thread. */
    public ConversationKey(String platform, String workspace, String channel, String thread, String user) {
        this(platform, workspace, channel, thread, user, false);
    }

    /** The thread's conversation, shared by everyone who writes in it; {@code user} wrote this turn. */
    public static ConversationKey ofThread(String platform, String workspace, String channel, String thread, String user) {
        return new ConversationKey(platform, workspace, channel, thread, user, true);
    }

    /** The person, across channels: fairness and per-user limits count by this. */
    public String requester() {
        return platform + ":" + user;
    }

    /** Whose conversation this is: the user's, or anyone's in a shared thread. */
    String owner() {
        return sharedThread ? ANYONE : user;
    }

    @Override
    public String toString() {
        return platform + "/" + workspace + "/" + channel + (thread.isEmpty() ? "" : "/" + thread) + "@" + user;
    }
}
