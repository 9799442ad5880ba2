package dev.chatgen.render.a1111;

import dev.chatgen.catalog.T2IModel;
import dev.chatgen.render.RenderFailedException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the plan's {@code <lora:CATALOG_ID:W>} tags to the names this server knows its LoRA files by.
 * A LoRA it does not have fails the job before anything is sent: A1111 would skip an unknown tag silently
 * and draw the picture without it.
 */
final class LoraPromptRewriter {
    private static final Pattern TAG = Pattern.compile("<lora:([^:>]+)((?::[^>]*)?)>");

    /** The prompt as sent, and the server names of the LoRAs its tags switch on, in order. */
    record Rewritten(String prompt, List<String> loras) {
        Rewritten {
            loras = List.copyOf(loras);
        }
    }

    private LoraPromptRewriter() {
    }

    static Rewritten rewrite(String prompt, List<T2IModel> planned, A1111Inventory inventory) {
        Map<String, String> serverNameById = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (T2IModel lora : planned) {
            Optional<String> name = inventory.loraNameFor(lora);
            if (name.isPresent()) {
                serverNameById.put(lora.id(), name.get());
            } else {
                missing.add(describe(lora));
            }
        }
        List<String> used = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        Matcher m = TAG.matcher(prompt);
        while (m.find()) {
            String id = m.group(1).strip();
            String name = serverNameById.get(id);
            if (name == null) {
                name = inventory.loraNamed(id).orElse(null);
            }
            if (name == null) {
                if (planned.stream().noneMatch(lora -> lora.id().equals(id))) {
                    missing.add("\"" + id + "\"");
                }
                name = id;
            }
            used.add(name);
            m.appendReplacement(out, Matcher.quoteReplacement("<lora:" + name + m.group(2) + ">"));
        }
        m.appendTail(out);
        if (!missing.isEmpty()) {
            throw new RenderFailedException((missing.size() == 1 ? "The LoRA " + missing.get(0) + " is" : "The LoRAs " + String.join(", ", missing) + " are")
                    + " not installed on the AUTOMATIC1111 server, so this picture cannot be made there.", null);
        }
        return new Rewritten(out.toString(), used.stream().distinct().toList());
    }

    private static String describe(T2IModel lora) {
        return lora.name() + (lora.version().isEmpty() ? "" : " " + lora.version()) + " (" + lora.id() + ")";
    }
}
