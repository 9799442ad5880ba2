package dev.chatgen.engine.llm;

import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.prompt.Segments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes an LLM's prompt fit the model that will render it, whatever the LLM knew: the chosen
 * LoRA's tag leads and its trigger words follow, and a LoRA tag for any other model goes (it
 * would load a LoRA the selector, and the moderators' allowlist, never chose).
 */
final class ModelFit {
    /** Longest prompt kept: a runaway answer is not a prompt. */
    static final int MAX_CHARS = 2000;
    private static final Pattern LORA_TAG = Pattern.compile("<lora:([^:>]+)(?::[^>]*)?>", Pattern.CASE_INSENSITIVE);

    private ModelFit() {
    }

    record Fitted(String prompt, List<String> notes) {
        Fitted {
            notes = List.copyOf(notes);
        }
    }

    static Fitted fit(String prompt, T2IModel model, String where) throws LlmException {
        String text = prompt.replaceAll("\\s+", " ").strip();
        if (text.length() > MAX_CHARS) {
            throw new LlmException(LlmException.Kind.INVALID, where + " wrote a " + text.length() + "-character prompt; at most " + MAX_CHARS + " are used");
        }
        List<String> notes = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        boolean ownTag = false;
        Matcher m = LORA_TAG.matcher(text);
        StringBuilder kept = new StringBuilder();
        while (m.find()) {
            if (model.isLora() && m.group(1).strip().equals(model.id())) {
                ownTag = true;
                m.appendReplacement(kept, Matcher.quoteReplacement(m.group()));
            } else {
                removed.add(m.group());
                m.appendReplacement(kept, "");
            }
        }
        m.appendTail(kept);
        if (!removed.isEmpty()) {
            notes.add("removed " + String.join(", ", removed) + " from the LLM's prompt: not the model chosen");
        }
        List<String> segments = new ArrayList<>(Segments.split(kept.toString()));
        if (model.isLora()) {
            if (!ownTag) {
                segments.add(0, model.loraTag());
            }
            int at = indexOfOwnTag(segments, model) + 1;
            String lower = kept.toString().toLowerCase(Locale.ROOT);
            for (String trigger : model.triggerWords()) {
                if (!lower.contains(trigger.toLowerCase(Locale.ROOT))) {
                    segments.add(at++, trigger);
                }
            }
        }
        if (segments.isEmpty()) {
            throw new LlmException(LlmException.Kind.INVALID, where + " wrote a prompt with nothing but LoRA tags");
        }
        return new Fitted(Segments.join(segments), notes);
    }

    private static int indexOfOwnTag(List<String> segments, T2IModel model) {
        for (int i = 0; i < segments.size(); i++) {
            Matcher m = LORA_TAG.matcher(segments.get(i));
            if (m.find() && m.group(1).strip().equals(model.id())) {
                return i;
            }
        }
        return -1;
    }
}
