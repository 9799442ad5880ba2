package dev.chatgen.engine.prompt;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the turns of a conversation into a {@link ReadRequest}: emoji become words, chat filler
 * goes, "no pink" becomes an exclusion, and a later turn overrides what it changes.
 */
public final class RequestReader {
    /** "no pink", "without any text", "don't want people": up to three words after the cue. */
    private static final Pattern EXCLUSION = Pattern.compile(
            "\\b(?:no|without|w/o|don'?t want|do not want|don'?t add|avoid|minus|not any)\\s+(?:any\\s+|more\\s+)?"
                    + "((?:(?!and\\b|but\\b|or\\b|just\\b|please\\b|pls\\b)[\\p{L}\\p{N}'-]+\\s*){1,3})",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PHRASE_BREAK = Pattern.compile("[,.;:!?\\n()\"]+|\\s(?:and|but|so|then|also|plus)\\s|\\s[-–—]\\s");
    /** Words that never describe the picture even when a demonstration happened to keep them. */
    private static final Set<String> NEVER = Set.of("pls", "plz", "please", "lol", "lmao", "thx", "thanks", "ty", "hey", "hi", "ok", "okay", "kinda", "sorta",
            "now"); // "now at night": the change, not the picture
    private static final double KEEP_THRESHOLD = 0.3;
    private static final Pattern HYPHENATED = Pattern.compile("[\\p{L}\\p{N}']+(?:-[\\p{L}\\p{N}']+)*");

    private final KeepRates keepRates;
    private final int maxChars;

    public RequestReader(KeepRates keepRates, int maxChars) {
        this.keepRates = keepRates;
        this.maxChars = maxChars;
    }

    public ReadRequest read(List<String> turns) {
        List<String> notes = new ArrayList<>();
        List<Phrase> merged = new ArrayList<>();
        Set<String> exclusions = new LinkedHashSet<>();
        List<String> cleanedTurns = new ArrayList<>();
        for (String raw : turns) {
            String turn = clean(raw, notes);
            cleanedTurns.add(turn);
            Matcher m = EXCLUSION.matcher(turn);
            StringBuilder rest = new StringBuilder();
            while (m.find()) {
                String excluded = m.group(1).strip().toLowerCase(Locale.ROOT);
                exclusions.add(excluded);
                // A later "no X" also takes X out of earlier turns.
                merged.removeIf(p -> p.text.toLowerCase(Locale.ROOT).contains(excluded));
                m.appendReplacement(rest, ", ");
            }
            m.appendTail(rest);
            int turnNumber = cleanedTurns.size();
            List<Phrase> fresh = phrases(rest.toString(), turnNumber);
            for (Phrase p : fresh) {
                // A new value for a one-value aspect replaces the old one ("now at night" drops "at sunset").
                for (String slot : p.slots) {
                    List<Phrase> edited = new ArrayList<>();
                    for (Phrase old : merged) {
                        Phrase kept = old.turn < turnNumber ? old.without(slot) : old;
                        if (kept != null) {
                            edited.add(kept);
                        }
                    }
                    merged.clear();
                    merged.addAll(edited);
                }
            }
            merged.addAll(fresh);
        }
        List<String> subject = merged.stream().map(p -> p.text).distinct().toList();
        return new ReadRequest(String.join(". ", cleanedTurns), subject, List.copyOf(exclusions), notes);
    }

    private String clean(String raw, List<String> notes) {
        String text = raw == null ? "" : raw;
        if (text.length() > maxChars) {
            notes.add("the message was " + text.length() + " characters; I read the first " + maxChars);
            text = text.substring(0, maxChars);
        }
        String named = EmojiNames.spellOut(text);
        if (!named.equals(text)) {
            notes.add("emoji read as words: " + EmojiNames.describe(text));
        }
        return named.replaceAll("\\s+", " ").strip();
    }

    private List<Phrase> phrases(String text, int turnNumber) {
        List<Phrase> out = new ArrayList<>();
        for (String part : PHRASE_BREAK.split(" " + text + " ")) {
            List<String> kept = new ArrayList<>();
            Matcher token = HYPHENATED.matcher(part.toLowerCase(Locale.ROOT));
            while (token.find()) {
                // "16-bit" and "sci-fi" stay whole when any of their parts is worth keeping.
                List<String> pieces = Words.of(token.group());
                if (pieces.stream().anyMatch(w -> !NEVER.contains(w) && keepRates.rate(w) >= KEEP_THRESHOLD)) {
                    kept.add(pieces.size() > 1 ? token.group() : pieces.get(0));
                }
            }
            if (!kept.isEmpty()) {
                out.add(new Phrase(String.join(" ", kept), Slots.of(kept), turnNumber));
            }
        }
        return out;
    }

    private record Phrase(String text, List<String> slots, int turn) {
        private static final Set<String> DANGLING = Set.of("at", "in", "on", "during", "with", "by", "the", "a", "an", "and", "of");

        /** This phrase without its words for {@code slot}, or null when nothing worth keeping is left. */
        Phrase without(String slot) {
            if (!slots.contains(slot)) {
                return this;
            }
            List<String> words = new ArrayList<>(Words.of(text));
            words.removeIf(w -> Slots.of(List.of(w)).contains(slot));
            while (!words.isEmpty() && DANGLING.contains(words.get(words.size() - 1))) {
                words.remove(words.size() - 1);
            }
            while (!words.isEmpty() && DANGLING.contains(words.get(0))) {
                words.remove(0);
            }
            return words.isEmpty() ? null : new Phrase(String.join(" ", words), Slots.of(words), turn);
        }
    }
}
