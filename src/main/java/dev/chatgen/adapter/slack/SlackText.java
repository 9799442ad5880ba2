package dev.chatgen.adapter.slack;

/**
 * Slack's mrkdwn escaping. Everything the bot echoes from people or the engine is escaped, so a
 * request saying {@code <!channel>} is shown, never sent as an @channel ping.
 */
final class SlackText {
    private SlackText() {
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** A code block of the text; backticks inside cannot close it early. */
    static String code(String text) {
        return "```" + escape(text).replace("```", "`\u200b``") + "```";
    }

    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, Math.max(0, max - 1)) + "\u2026";
    }
}
