package dev.chatgen.adapter.slack;

/**
 * Where a job's reply goes on Slack, stored with the job as text: the channel and the thread
 * (the ts of its first message). An empty thread means the top level of a direct message.
 */
record SlackTarget(String channel, String threadTs) {
    static SlackTarget decode(String text) {
        String[] p = text.split(":", 3);
        if (p.length != 3 || !p[0].equals(SlackReplySink.PLATFORM) || p[1].isEmpty()) {
            throw new IllegalArgumentException("not a Slack reply target: " + text);
        }
        return new SlackTarget(p[1], p[2]);
    }

    String encode() {
        return SlackReplySink.PLATFORM + ":" + channel + ":" + threadTs;
    }

    /** The thread to post into, or null for the top level (the SDK leaves a null field out). */
    String threadOrNull() {
        return threadTs.isEmpty() ? null : threadTs;
    }

    /** A message's id as the bot stores it: Slack's ts is unique only within its channel. */
    static String messageId(String channel, String ts) {
        return channel + ":" + ts;
    }
}
