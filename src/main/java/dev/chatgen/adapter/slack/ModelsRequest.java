package dev.chatgen.adapter.slack;

import dev.chatgen.moderation.ModelsCommand;

import java.util.Locale;
import java.util.Optional;

/**
 * The text of {@code /chatgen-models}: {@code [channel] VERB [RULE]}. The leading word
 * {@code channel} means the channel the command was typed in; without it, the workspace.
 *
 * @param rule the rest after the verb, Slack's escapes undone ({@code &lt;} and so on)
 */
record ModelsRequest(boolean channel, ModelsCommand.Verb verb, Optional<String> rule) {
    /** The usage, with the Slack-only scope word in front of the shared one. */
    static String usage() {
        return "`/chatgen-models [channel] VERB [RULE]`: with `channel` it is about this channel only, else the whole workspace. "
                + ModelsCommand.usage();
    }

    /**
     * @throws IllegalArgumentException no verb, or one that is not a verb; the message is the usage
     */
    static ModelsRequest parse(String text) {
        String[] words = SlackText.unescape(text == null ? "" : text).strip().split("\\s+", 2);
        boolean channel = words[0].toLowerCase(Locale.ROOT).equals("channel");
        if (channel) {
            words = words.length < 2 ? new String[] {""} : words[1].split("\\s+", 2);
        }
        if (words[0].isEmpty()) {
            throw new IllegalArgumentException(usage());
        }
        String word = words[0];
        ModelsCommand.Verb verb = ModelsCommand.Verb.parse(word)
                .orElseThrow(() -> new IllegalArgumentException("\"" + word + "\" is not something I can do. " + usage()));
        return new ModelsRequest(channel, verb, words.length < 2 ? Optional.empty() : Optional.of(words[1].strip()));
    }
}
