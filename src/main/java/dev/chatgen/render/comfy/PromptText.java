package dev.chatgen.render.comfy;

import java.util.regex.Pattern;

/**
 * Prompt text as CLIPTextEncode should see it. A1111 reads {@code <lora:ID:WEIGHT>} tags out of the prompt;
 * ComfyUI does not, so they would reach the text encoder as literal words. The LoRA loader nodes apply them instead.
 */
final class PromptText {
    // A1111's extra-network tags: lora, its lyco alias and hypernetworks.
    private static final Pattern EXTRA_NETWORK = Pattern.compile("[ \\t]*<(?:lora|lyco|hypernet):[^>]*>[ \\t]*", Pattern.CASE_INSENSITIVE);
    private static final Pattern EMPTY_ITEM = Pattern.compile(",[ \\t]*(?=,)");
    private static final Pattern SPACE_BEFORE_COMMA = Pattern.compile("[ \\t]+,");
    private static final Pattern EDGE = Pattern.compile("^[\\s,]+|[\\s,]+$");
    private static final Pattern SPACES = Pattern.compile("[ \\t]{2,}");

    private PromptText() {
    }

    /** "RAW photo, a cat, <lora:add_detail:0.5>" -> "RAW photo, a cat". */
    static String withoutExtraNetworks(String prompt) {
        String text = EXTRA_NETWORK.matcher(prompt).replaceAll(" ");
        text = SPACE_BEFORE_COMMA.matcher(text).replaceAll(",");
        text = EMPTY_ITEM.matcher(text).replaceAll("");
        text = EDGE.matcher(text).replaceAll("");
        return SPACES.matcher(text).replaceAll(" ");
    }
}
