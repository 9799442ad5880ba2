package dev.chatgen.render.horde;

import java.util.regex.Pattern;

/**
 * The Horde's single prompt string: "positive ### negative". LoRAs travel in {@code params.loras}, so the A1111
 * {@code <lora:...>} tags the plan carries are taken out of the text (the Horde would read them as words).
 */
final class HordePrompt {
    static final String NEGATIVE_SEPARATOR = " ### ";
    private static final Pattern LORA_TAG = Pattern.compile("<lora:[^>]*>", Pattern.CASE_INSENSITIVE);
    // What removing a tag leaves behind: ", ," runs and commas at either end.
    private static final Pattern REPEATED_COMMAS = Pattern.compile("\\s*,(\\s*,)+\\s*");
    private static final Pattern EDGE_COMMAS = Pattern.compile("^[\\s,]+|[\\s,]+$");

    private HordePrompt() {
    }

    static String of(String positive, String negative) {
        String text = withoutLoraTags(positive);
        String not = withoutLoraTags(negative);
        return not.isEmpty() ? text : text + NEGATIVE_SEPARATOR + not;
    }

    static String withoutLoraTags(String text) {
        String stripped = LORA_TAG.matcher(text).replaceAll("");
        stripped = REPEATED_COMMAS.matcher(stripped).replaceAll(", ");
        stripped = EDGE_COMMAS.matcher(stripped).replaceAll("");
        return stripped.replaceAll("[ \\t]{2,}", " ");
    }
}
