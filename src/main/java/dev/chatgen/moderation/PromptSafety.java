package dev.chatgen.moderation;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps refused content out of a render, twice: on the person's request and on the prompt the engine
 * wrote from it. Also takes out of a person's text whatever a backend would obey rather than draw
 * (LoRA tags, pasted generation parameters), so a request cannot pick its own LoRA or run 150 steps.
 */
public final class PromptSafety {

    /** Where a text was checked: the person's request, or the prompt written for the backend. */
    public enum Stage { REQUEST, PROMPT }

    /** Why a text was refused: {@code rule} is {@code term "loli"} or {@code pattern "..."}, for the trace. */
    public record Blocked(String rule, Stage stage) {
        public Blocked {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(stage, "stage");
        }
    }

    /** A person's text with backend instructions taken out; {@code removed} lists them as written, for the trace. */
    public record Sanitized(String text, List<String> removed) {
        public Sanitized {
            Objects.requireNonNull(text, "text");
            removed = List.copyOf(removed);
        }
    }

    // A1111's own extra-network syntax (re_extra_net: <(\w+):([^>]+)>): <lora:...>, <lyco:...>,
    // <hypernet:...>, <embedding:...> and any other <word:...> it would hand to an extra network.
    private static final Pattern NETWORK_TAG = Pattern.compile("<\\w+:[^>]+>", Pattern.UNICODE_CHARACTER_CLASS);
    // ComfyUI loads a textual inversion for any prompt word that starts "embedding:", brackets or not.
    private static final Pattern BARE_EMBEDDING = Pattern.compile("(?<![^\\s(,])embedding:[^\\s(),]+", Pattern.CASE_INSENSITIVE);
    // Pasted infotext: "Negative prompt:" runs to the end of its line, as in A1111's own format.
    private static final Pattern NEGATIVE_PROMPT = Pattern.compile("(?<![\\w-])negative prompt\\s*:[^\\r\\n]*", Pattern.CASE_INSENSITIVE);
    // The keys of A1111's parameter line, longest first so "Hires steps" is not read as "Steps".
    private static final List<String> INFOTEXT_KEYS = List.of(
            "Variation seed strength", "Denoising strength", "Distilled CFG Scale", "Hires negative prompt",
            "Token merging ratio", "Face restoration", "Refiner switch at", "Seed resize from", "Hires upscaler",
            "Hires CFG Scale", "Image CFG scale", "Variation seed", "Hires sampler", "Hires upscale", "Hires prompt",
            "Schedule type", "Hires resize", "Lora hashes", "Hires steps", "Model hash", "CFG scale", "Clip skip",
            "TI hashes", "Scheduler", "VAE hash", "Sampler", "Refiner", "Version", "Tiling", "Steps", "Model",
            "ENSD", "NGMS", "Seed", "Size", "VAE", "RNG", "Eta");
    // A key as A1111 writes it (case matters: "a fashion model: tall" is words), then A1111's value forms:
    // a JSON-quoted string (may hold commas) or anything up to a comma.
    private static final Pattern INFOTEXT_PAIR = Pattern.compile(
            "(?<![\\w-])(?:" + String.join("|", INFOTEXT_KEYS.stream().map(Pattern::quote).toList()) + ")"
                    + "[ \\t]*:[ \\t]*(?:\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"|[^,\\r\\n]*)");
    // A pasted parameter line (three known pairs or more, A1111's own threshold) loses everything from its
    // first known key on, unknown keys such as "ADetailer model" included; words before it stay.
    private static final int PARAMETER_LINE_PAIRS = 3;
    private static final Pattern LINE = Pattern.compile("[^\\r\\n]+");
    // Midjourney-style "--no ..." is a negative list up to the next flag; left as words it would ask for them.
    // Phones turn "--" into a dash, so a dash glued to the flag name counts too.
    private static final String DASHES = "(?:--|\u2013|\u2014)";
    private static final Pattern NO_FLAG = Pattern.compile(
            "(?<!\\S)" + DASHES + "no[ \\t]+[^\\r\\n]*?(?=[ \\t]+" + DASHES + "[a-z]|[ \\t]*$)",
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
    // "--steps 150", "--ar 16:9", "--seed=1", "--tile": the flag and a value only when it is a number,
    // so "--style raw" keeps "raw" as a word.
    private static final Pattern FLAG = Pattern.compile(
            "(?<!\\S)" + DASHES + "[a-z][\\w-]*(?:(?:[ \\t]+|=)[-+]?\\.?\\d[\\w.:/]*)?", Pattern.CASE_INSENSITIVE);
    // A1111 splits the prompt into separate chunks at a capitalised BREAK; lower-case "break" is a word.
    private static final Pattern BREAK = Pattern.compile("(?<!\\w)BREAK(?!\\w)");

    // Tidying what a removal leaves behind: "a cat , , a dog " -> "a cat, a dog".
    private static final Pattern SPACES = Pattern.compile("[ \\t]{2,}");
    private static final Pattern SPACE_BEFORE_COMMA = Pattern.compile("[ \\t]+,");
    private static final Pattern REPEATED_COMMAS = Pattern.compile(",(?:[ \\t]*,)+");
    private static final Pattern LINE_EDGES = Pattern.compile("(?m)^[ \\t,]+|[ \\t,]+$");
    private static final Pattern EMPTY_PARENS = Pattern.compile("\\([ \\t]*\\)");
    private static final Pattern BLANK_LINES = Pattern.compile("(?:\\R[ \\t]*){2,}");

    private final SafetyRules rules;
    private final List<Term> terms;

    public PromptSafety(SafetyRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.terms = rules.blockedTerms().stream().map(Term::of).toList();
    }

    /**
     * The first rule {@code text} breaks, or empty. Terms match whole words of the folded text, or of it
     * with spelled-out letters joined ("l o l i"); never part of a longer word, so "classic" is not "ass".
     * Patterns are tried on the same forms.
     */
    public Optional<Blocked> check(String text, Stage stage) {
        Objects.requireNonNull(stage, "stage");
        String folded = TextFold.fold(text);
        Set<String> forms = new LinkedHashSet<>(List.of(
                folded, TextFold.joinSpacedLetters(folded), TextFold.joinSpacedLetters(folded, true)));
        for (Term term : terms) {
            if (forms.stream().anyMatch(term::foundIn)) {
                return Optional.of(new Blocked("term \"" + term.written() + "\"", stage));
            }
        }
        for (Pattern pattern : rules.blockedPatterns()) {
            if (forms.stream().anyMatch(form -> pattern.matcher(form).find())) {
                return Optional.of(new Blocked("pattern \"" + pattern.pattern() + "\"", stage));
            }
        }
        return Optional.empty();
    }

    /**
     * The prefix's items, then the plan's, each once: a repeat (ignoring case and surrounding spaces)
     * is dropped. Commas inside parentheses, as in "(bad hands, blurry:1.2)", do not split an item.
     */
    public String negativePrompt(String planNegative) {
        Map<String, String> items = new LinkedHashMap<>();
        for (String item : items(rules.negativePrefix() + "," + Objects.requireNonNull(planNegative, "planNegative"))) {
            items.putIfAbsent(item.toLowerCase(Locale.ROOT), item);
        }
        return String.join(", ", items.values());
    }

    /**
     * Takes out of a person's text what a backend would obey rather than draw: extra-network tags,
     * pasted A1111 parameters and "Negative prompt:" lines, flags like "--steps 150", the BREAK keyword.
     * Words stay: "40 steps", "cfg 5" and "16:9 wallpaper" are requests the engine reads and clamps.
     * Instructions are looked for in the text NFKC-normalised and without invisible characters, so
     * "＜lora:x:1＞" is seen as the tag a later normalisation would make of it; text with none comes back
     * exactly as written.
     */
    public static Sanitized sanitizeRequest(String userText) {
        String text = Normalizer.normalize(withoutFormatCharacters(userText), Normalizer.Form.NFKC);
        List<String> removed = new ArrayList<>();
        String before;
        do { // again until nothing changes, so no removal can leave a new instruction behind
            before = text;
            text = remove(NETWORK_TAG, text, removed, Set.of());
            text = remove(BARE_EMBEDDING, text, removed, Set.of());
            text = remove(NEGATIVE_PROMPT, text, removed, Set.of());
            text = withoutParameterLines(text, removed);
            for (Pattern instruction : List.of(INFOTEXT_PAIR, NO_FLAG, FLAG, BREAK)) {
                text = remove(instruction, text, removed, Set.of());
            }
        } while (!text.equals(before));
        return new Sanitized(removed.isEmpty() ? userText : tidy(text), removed);
    }

    /**
     * Removes from a written prompt every extra-network tag (and ComfyUI "embedding:" word) except those
     * in {@code allowedTags}, the plan's own tags exactly as written, e.g. {@code <lora:toonyou_beta6:0.8>};
     * then tidies the commas and spaces left behind.
     */
    public static String stripForeignNetworkTags(String prompt, Set<String> allowedTags) {
        List<String> removed = new ArrayList<>();
        String text = prompt;
        int count;
        do {
            count = removed.size();
            text = remove(NETWORK_TAG, text, removed, allowedTags);
            text = remove(BARE_EMBEDDING, text, removed, allowedTags);
        } while (removed.size() > count);
        return removed.isEmpty() ? prompt : tidy(text);
    }

    private static String withoutParameterLines(String text, List<String> removed) {
        Matcher line = LINE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (line.find()) {
            String kept = line.group();
            if (INFOTEXT_PAIR.matcher(kept).results().count() >= PARAMETER_LINE_PAIRS) {
                Matcher first = INFOTEXT_PAIR.matcher(kept);
                first.find();
                removed.add(kept.substring(first.start()).strip());
                kept = kept.substring(0, first.start());
            }
            line.appendReplacement(out, Matcher.quoteReplacement(kept));
        }
        line.appendTail(out);
        return out.toString();
    }

    private static String remove(Pattern instruction, String text, List<String> removed, Set<String> allowed) {
        Matcher m = instruction.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            if (allowed.contains(m.group())) {
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
            } else {
                removed.add(m.group().strip());
                // a space, so "cat<lora:x:1>dog" stays two words and "<lo<lora:x:1>ra:y:1>" cannot close
                // into a new tag; tidy() collapses the extra spaces
                m.appendReplacement(out, " ");
            }
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String tidy(String text) {
        String t = EMPTY_PARENS.matcher(text).replaceAll(" ");
        t = SPACES.matcher(t).replaceAll(" ");
        t = SPACE_BEFORE_COMMA.matcher(t).replaceAll(",");
        t = REPEATED_COMMAS.matcher(t).replaceAll(",");
        t = LINE_EDGES.matcher(t).replaceAll("");
        t = BLANK_LINES.matcher(t).replaceAll("\n");
        return t.strip();
    }

    private static String withoutFormatCharacters(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints().filter(cp -> Character.getType(cp) != Character.FORMAT).forEach(kept::appendCodePoint);
        return kept.toString();
    }

    // Comma-separated items, not split inside (...), [...] or {...}; blank ones dropped.
    private static List<String> items(String text) {
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        int depth = 0;
        for (char c : text.toCharArray()) {
            if (c == ',' && depth == 0) {
                add(items, item);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                depth--;
            }
            item.append(c);
        }
        add(items, item);
        return items;
    }

    private static void add(List<String> items, StringBuilder item) {
        String s = item.toString().strip();
        if (!s.isEmpty()) {
            items.add(s);
        }
        item.setLength(0);
    }

    /** A blocked term in folded words, matched against the space-separated words of a folded text. */
    private record Term(String written, List<String> forms) {
        static Term of(String written) {
            String words = TextFold.fold(written);
            String glued = words.replace(" ", "");
            // the plural, and a word sequence written as one word ("childporn"): still whole words
            return new Term(written, List.copyOf(new LinkedHashSet<>(List.of(
                    " " + words + " ", " " + words + "s ", " " + glued + " ", " " + glued + "s "))));
        }

        boolean foundIn(String folded) {
            String padded = " " + folded + " ";
            return forms.stream().anyMatch(padded::contains);
        }
    }
}
