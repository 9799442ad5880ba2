package dev.chatgen.adapter.slack.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A message as a person in the channel would see it.
 *
 * @param threadTs the thread's root ts (also on the root once it has replies), or null
 * @param user the author's user id ({@code UBOT} for the bot)
 * @param botId {@code BBOT} for the bot's messages, else null
 * @param blocks the Block Kit blocks (an array), or null when the message has none
 * @param files the shared files with their bytes
 * @param json the message as the Web API returns it (e.g. in {@code conversations.replies})
 */
public record PostedMessage(String channel, String ts, String threadTs, String user, String botId, String text,
        JsonNode blocks, List<SlackFile> files, ObjectNode json) {

    public boolean fromBot() {
        return botId != null;
    }

    /** True for a reply inside a thread (not the root). */
    public boolean isReply() {
        return threadTs != null && !threadTs.equals(ts);
    }

    @Override
    public String toString() {
        return "PostedMessage[" + channel + " " + ts + (threadTs == null ? "" : " in " + threadTs) + " by " + user
                + ": " + text + (blocks == null ? "" : " +" + blocks.size() + " blocks")
                + (files.isEmpty() ? "" : " " + files) + "]";
    }
}
