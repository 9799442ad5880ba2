package dev.chatgen.moderation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * What {@link PromptSafety} refuses and what it adds to every negative prompt.
 *
 * @param blockedTerms   words or word sequences refused wherever they stand as whole words (compared
 *                       {@link TextFold#fold folded}, so "Loli" and "l0li" are the same term)
 * @param blockedPatterns regular expressions refused wherever they {@code find()} in the folded text
 *                       (lower case, words separated by single spaces)
 * @param negativePrefix comma-separated items put first in every negative prompt; empty for none
 */
public record SafetyRules(List<String> blockedTerms, List<Pattern> blockedPatterns, String negativePrefix) {

    /*
     * The defaults hold only clear cases: sexual content involving minors, refused everywhere. Adult
     * content is not a word rule: NSFW-flagged models are masked out except in places that opted in, and
     * the default negative prefix steers the rest away from nudity. Words with innocent everyday uses
     * ("nude" lipstick, "food porn") are left out. Operators extend the lists in their
     * configuration, read by parse(...), and combine them with these through plus(...).
     */
    private static final List<String> DEFAULT_TERMS = List.of(
            "child porn", "child pornography", "csam", "cp", "loli", "lolicon", "shota", "shotacon",
            "underage", "jailbait");
    // A child (or an age under 18) within six words of a sexual word, either order: "naked child", "12yo, nude".
    private static final String MINOR = "(?:child|children|kid|kids|minor|minors|toddler|toddlers|preteen|preteens|infant|"
            + "(?:[1-9]|1[0-7]) ?(?:yo|y o|year old|years old))";
    private static final String SEXUAL = "(?:nude|nudes|naked|nsfw|sex|sexy|sexual|porn|porno|lewd|erotic|topless|undressed|hentai)";
    private static final String DEFAULT_PATTERN =
            "\\b" + MINOR + "(?: \\S+){0,6} " + SEXUAL + "\\b|\\b" + SEXUAL + "(?: \\S+){0,6} " + MINOR + "\\b";
    /** Steers samplers away from nudity even where no rule fires, then the two most common quality faults. */
    public static final String DEFAULT_NEGATIVE_PREFIX = "nsfw, nude, naked, lowres, watermark";
    // Folded text is lower case; rules written with capitals must still match it.
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    private static final Pattern PATTERN_SEPARATOR = Pattern.compile("\\R|;;");

    public SafetyRules {
        blockedTerms = List.copyOf(blockedTerms);
        blockedPatterns = List.copyOf(blockedPatterns);
        negativePrefix = Objects.requireNonNull(negativePrefix, "negativePrefix").strip();
        for (String term : blockedTerms) {
            // A term of symbols only would fold to nothing and then match nothing, silently.
            if (TextFold.fold(term).isEmpty()) {
                throw new IllegalArgumentException("blocked term \"" + term + "\" has no letters or digits");
            }
        }
    }

    /** The built-in rules: see the comment on the lists for what they hold and why. */
    public static SafetyRules defaults() {
        return new SafetyRules(DEFAULT_TERMS, List.of(Pattern.compile(DEFAULT_PATTERN, FLAGS)), DEFAULT_NEGATIVE_PREFIX);
    }

    /**
     * Rules from configuration text.
     *
     * @param termsCsv       terms separated by commas; blank for none
     * @param patternsText   Java regular expressions, one a line or separated by ";;", matched without
     *                       regard to case; blank for none
     * @param negativePrefix the negative-prompt prefix; null or blank for none
     * @throws IllegalArgumentException naming the first pattern that is not a valid regular expression
     */
    public static SafetyRules parse(String termsCsv, String patternsText, String negativePrefix) {
        List<String> terms = split(termsCsv, Pattern.compile(",")).toList();
        List<Pattern> patterns = new ArrayList<>();
        split(patternsText, PATTERN_SEPARATOR).forEach(regex -> {
            try {
                patterns.add(Pattern.compile(regex, FLAGS));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "blocked pattern \"" + regex + "\" is not a valid regular expression: " + e.getDescription(), e);
            }
        });
        return new SafetyRules(terms, patterns, negativePrefix == null ? "" : negativePrefix);
    }

    /** These rules and {@code more}'s together; {@code more}'s negative prefix wins when it has one. */
    public SafetyRules plus(SafetyRules more) {
        return new SafetyRules(
                Stream.concat(blockedTerms.stream(), more.blockedTerms.stream()).distinct().toList(),
                Stream.concat(blockedPatterns.stream(), more.blockedPatterns.stream()).toList(),
                more.negativePrefix.isEmpty() ? negativePrefix : more.negativePrefix);
    }

    private static Stream<String> split(String text, Pattern separator) {
        if (text == null || text.isBlank()) {
            return Stream.empty();
        }
        return separator.splitAsStream(text).map(String::strip).filter(s -> !s.isEmpty());
    }
}
