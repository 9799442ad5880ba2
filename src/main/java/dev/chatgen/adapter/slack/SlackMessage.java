package dev.chatgen.adapter.slack;

import com.slack.api.model.File;

import java.util.List;

/**
 * A person's message as the Events API delivers it (a plain message, one with files, or a
 * mention), reduced to what the bot reads.
 *
 * @param threadTs the thread it was written in, empty at the top level of a channel or DM
 */
record SlackMessage(String team, String channel, boolean direct, String user, String text, String ts, String threadTs, List<File> files) {
    SlackMessage {
        text = text == null ? "" : text;
        threadTs = threadTs == null ? "" : threadTs;
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** Whether the text mentions this user (the bot): {@code <@U123>} or {@code <@U123|name>}. */
    boolean mentions(String userId) {
        return text.contains("<@" + userId + ">") || text.contains("<@" + userId + "|");
    }

    /** The words, without mentions of the bot and with Slack's escapes undone. */
    String words(String botUserId) {
        return words(text, botUserId);
    }

    static String words(String text, String botUserId) {
        return SlackText.unescape((text == null ? "" : text).replaceAll("<@" + botUserId + "(\\|[^>]*)?>", "")).strip();
    }
}
