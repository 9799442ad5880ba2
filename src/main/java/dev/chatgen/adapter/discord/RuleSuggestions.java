package dev.chatgen.adapter.discord;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * What /chatgen-models offers as a moderator types a rule: {@code model:ID} for catalog ids that contain what was
 * typed, and the other kinds of rule whose text or value starts with it ("ty" and "lora" both offer type:lora).
 */
final class RuleSuggestions {
    /** Discord shows at most 25 choices, and refuses a longer list. */
    static final int MOST = 25;
    /** Discord's limit on a choice's name and value. */
    static final int LONGEST = 100;
    static final List<String> OTHER_RULES = List.of("tag:", "base:SD 1.5", "base:SDXL 1.0", "type:lora", "type:checkpoint");

    private final BiFunction<String, Integer, List<String>> modelIds;

    /** @param modelIds catalog ids containing a text, at most so many (ModelsCommand::modelIds) */
    RuleSuggestions(BiFunction<String, Integer, List<String>> modelIds) {
        this.modelIds = modelIds;
    }

    List<String> of(String typed) {
        String text = typed == null ? "" : typed.strip();
        int colon = text.indexOf(':');
        List<String> out = new ArrayList<>();
        for (String rule : OTHER_RULES) {
            String value = rule.substring(rule.indexOf(':') + 1);
            if (loose(rule).startsWith(loose(text)) || colon < 0 && !value.isEmpty() && loose(value).startsWith(loose(text))) {
                out.add(rule);
            }
        }
        boolean model = colon < 0 || text.substring(0, colon).strip().equalsIgnoreCase("model");
        if (model) {
            modelIds.apply(text.substring(colon + 1).strip(), MOST).forEach(id -> out.add("model:" + id));
        }
        return out.stream().filter(s -> s.length() <= LONGEST).distinct().limit(MOST).toList();
    }

    /** As ModelRule matches: case, spaces and dots do not count ("sdxl1.0" is "SDXL 1.0"). */
    private static String loose(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[\\s._-]", "");
    }
}
