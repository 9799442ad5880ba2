package dev.chatgen.engine.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Stable Diffusion prompt is a comma-separated list of segments; commas inside attention
 * brackets, as in "(masterpiece, best quality:1.2)", do not split it.
 */
public final class Segments {
    private Segments() {
    }

    public static List<String> split(String prompt) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < prompt.length(); i++) {
            char c = prompt.charAt(i);
            if (c == '(' || c == '[' || c == '<' || c == '{') {
                depth++;
            } else if ((c == ')' || c == ']' || c == '>' || c == '}') && depth > 0) {
                depth--;
            }
            if ((c == ',' || c == '\n') && depth == 0) {
                add(out, current);
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder segment) {
        String s = segment.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
    }

    /** The form two segments are compared in: lower case, single spaces. */
    public static String key(String segment) {
        return segment.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }

    public static String join(List<String> segments) {
        return String.join(", ", segments);
    }
}
