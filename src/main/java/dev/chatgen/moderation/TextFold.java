package dev.chatgen.moderation;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one form rules and texts are compared in, so that writing a word differently does not slip it
 * past a rule: "ＬＯＬＩ", "lólì", "l0li" and "lo(zero-width space)li" all fold to "loli". Folding is for
 * comparing only; nothing folded is ever shown or sent to a backend.
 */
public final class TextFold {
    /*
     * Letters from other scripts that look like Latin ones, capitals included: they are mapped before
     * lower-casing because some pairs differ by case (Greek Υ looks like Y, υ like u). Kept small on
     * purpose: only letters people use to disguise English words. Full-width, mathematical and circled
     * letters need no entry, NFKC already makes them Latin.
     */
    private static final Map<Character, Character> LOOK_ALIKES = Map.ofEntries(
            // Cyrillic а е о р с у х і ј ѕ ԁ к м т в н
            Map.entry('\u0430', 'a'), Map.entry('\u0435', 'e'), Map.entry('\u043E', 'o'), Map.entry('\u0440', 'p'),
            Map.entry('\u0441', 'c'), Map.entry('\u0443', 'y'), Map.entry('\u0445', 'x'), Map.entry('\u0456', 'i'),
            Map.entry('\u0458', 'j'), Map.entry('\u0455', 's'), Map.entry('\u0501', 'd'), Map.entry('\u043A', 'k'),
            Map.entry('\u043C', 'm'), Map.entry('\u0442', 't'), Map.entry('\u0432', 'b'), Map.entry('\u043D', 'h'),
            // Cyrillic А Е О Р С У Х І Ј Ѕ Ԁ К М Т В Н
            Map.entry('\u0410', 'a'), Map.entry('\u0415', 'e'), Map.entry('\u041E', 'o'), Map.entry('\u0420', 'p'),
            Map.entry('\u0421', 'c'), Map.entry('\u0423', 'y'), Map.entry('\u0425', 'x'), Map.entry('\u0406', 'i'),
            Map.entry('\u0408', 'j'), Map.entry('\u0405', 's'), Map.entry('\u0500', 'd'), Map.entry('\u041A', 'k'),
            Map.entry('\u041C', 'm'), Map.entry('\u0422', 't'), Map.entry('\u0412', 'b'), Map.entry('\u041D', 'h'),
            // Greek α ε ο ρ τ υ χ ι κ ν
            Map.entry('\u03B1', 'a'), Map.entry('\u03B5', 'e'), Map.entry('\u03BF', 'o'), Map.entry('\u03C1', 'p'),
            Map.entry('\u03C4', 't'), Map.entry('\u03C5', 'u'), Map.entry('\u03C7', 'x'), Map.entry('\u03B9', 'i'),
            Map.entry('\u03BA', 'k'), Map.entry('\u03BD', 'v'),
            // Greek Α Ε Ο Ρ Τ Υ Χ Ι Κ Ν, and Β Η Μ Ζ whose small forms look nothing like Latin
            Map.entry('\u0391', 'a'), Map.entry('\u0395', 'e'), Map.entry('\u039F', 'o'), Map.entry('\u03A1', 'p'),
            Map.entry('\u03A4', 't'), Map.entry('\u03A5', 'y'), Map.entry('\u03A7', 'x'), Map.entry('\u0399', 'i'),
            Map.entry('\u039A', 'k'), Map.entry('\u039D', 'n'), Map.entry('\u0392', 'b'), Map.entry('\u0397', 'h'),
            Map.entry('\u039C', 'm'), Map.entry('\u0396', 'z'),
            // Latin small capitals ᴀ ʙ ᴄ ᴅ ᴇ ꜰ ɢ ʜ ɪ ᴊ ᴋ ʟ ᴍ ɴ ᴏ ᴘ ʀ ꜱ ᴛ ᴜ ᴠ ᴡ ʏ ᴢ: "small caps" text generators use
            // them and NFKC leaves them be
            Map.entry('\u1D00', 'a'), Map.entry('\u0299', 'b'), Map.entry('\u1D04', 'c'), Map.entry('\u1D05', 'd'),
            Map.entry('\u1D07', 'e'), Map.entry('\uA730', 'f'), Map.entry('\u0262', 'g'), Map.entry('\u029C', 'h'),
            Map.entry('\u026A', 'i'), Map.entry('\u1D0A', 'j'), Map.entry('\u1D0B', 'k'), Map.entry('\u029F', 'l'),
            Map.entry('\u1D0D', 'm'), Map.entry('\u0274', 'n'), Map.entry('\u1D0F', 'o'), Map.entry('\u1D18', 'p'),
            Map.entry('\u0280', 'r'), Map.entry('\uA731', 's'), Map.entry('\u1D1B', 't'), Map.entry('\u1D1C', 'u'),
            Map.entry('\u1D20', 'v'), Map.entry('\u1D21', 'w'), Map.entry('\u028F', 'y'), Map.entry('\u1D22', 'z'));

    // Leetspeak, applied only inside tokens that also hold letters ("l0li"), never to plain numbers.
    private static final Map<Character, Character> LEET = Map.of(
            '0', 'o', '1', 'i', '3', 'e', '4', 'a', '5', 's', '7', 't', '@', 'a', '$', 's');
    // A quantity: a number (or WxH size) with at most three letters after it: "1024x768", "4k", "50mm", "12yo".
    // Its digits are the point, so it is not read as leetspeak ("5hota" is, having more letters).
    private static final Pattern QUANTITY = Pattern.compile("\\d+(?:x\\d+)*\\p{L}{0,3}");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    // Single-letter English words that may stand before a spelled-out word: "draw a l o l i".
    private static final List<String> ARTICLES = List.of("a", "i");
    private static final int MIN_SPACED_RUN = 3;

    private TextFold() {
    }

    /** The comparison form: Latin lower case, no accents or invisible characters, words separated by one space. */
    public static String fold(String text) {
        String s = Normalizer.normalize(withoutInvisibles(text), Normalizer.Form.NFKC);
        s = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
        StringBuilder latin = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            latin.append(LOOK_ALIKES.getOrDefault(c, c));
        }
        String lower = latin.toString().toLowerCase(Locale.ROOT);
        return wordsOnly(withoutLeetspeak(lower));
    }

    /**
     * Joins words spelled out letter by letter: runs of three or more single-letter tokens become one
     * word ("s e x y" -> "sexy"); every other token stays as it is. Takes text already {@link #fold folded}.
     */
    public static String joinSpacedLetters(String folded) {
        return joinSpacedLetters(folded, false);
    }

    /**
     * As {@link #joinSpacedLetters(String)}; with {@code articleApart}, a run that starts with "a" or "i"
     * keeps that letter as its own word when at least three letters follow ("a l o l i" -> "a loli").
     */
    static String joinSpacedLetters(String folded, boolean articleApart) {
        if (folded.isEmpty()) {
            return folded;
        }
        List<String> out = new ArrayList<>();
        List<String> run = new ArrayList<>();
        for (String token : folded.split(" ")) {
            if (token.codePointCount(0, token.length()) == 1 && Character.isLetter(token.codePointAt(0))) {
                run.add(token);
            } else {
                flush(run, out, articleApart);
                out.add(token);
            }
        }
        flush(run, out, articleApart);
        return String.join(" ", out);
    }

    private static void flush(List<String> run, List<String> out, boolean articleApart) {
        if (articleApart && run.size() > MIN_SPACED_RUN && ARTICLES.contains(run.get(0))) {
            out.add(run.remove(0));
        }
        if (run.size() >= MIN_SPACED_RUN) {
            out.add(String.join("", run));
        } else {
            out.addAll(run);
        }
        run.clear();
    }

    // Zero-width and other format characters (U+200B..U+200F, U+202A..U+202E, U+2060..U+2064, U+FEFF,
    // the soft hyphen: all of type FORMAT), plus the Hangul fillers, which are letters that print as nothing.
    private static String withoutInvisibles(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints()
                .filter(cp -> Character.getType(cp) != Character.FORMAT
                        && cp != 0x115F && cp != 0x1160 && cp != 0x3164 && cp != 0xFFA0)
                .forEach(kept::appendCodePoint);
        return kept.toString();
    }

    // Tokens here are runs of letters, digits, '@' and '$', so "n@ked" and "$exy" are one token each.
    private static String withoutLeetspeak(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int end = i;
            while (end < text.length() && inToken(text.codePointAt(end))) {
                end += Character.charCount(text.codePointAt(end));
            }
            if (end == i) {
                out.appendCodePoint(text.codePointAt(i));
                i += Character.charCount(text.codePointAt(i));
                continue;
            }
            String token = text.substring(i, end);
            out.append(isLeet(token) ? mapLeet(token) : token);
            i = end;
        }
        return out.toString();
    }

    private static boolean inToken(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '@' || cp == '$';
    }

    private static boolean isLeet(String token) {
        return token.codePoints().anyMatch(Character::isLetter) && !QUANTITY.matcher(token).matches();
    }

    private static String mapLeet(String token) {
        StringBuilder out = new StringBuilder(token.length());
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            out.append(LEET.getOrDefault(c, c));
        }
        return out.toString();
    }

    // Every run of characters that are neither letters nor digits becomes one space.
    private static String wordsOnly(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean gap = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                if (gap && !out.isEmpty()) {
                    out.append(' ');
                }
                gap = false;
                out.appendCodePoint(cp);
            } else {
                gap = true;
            }
        }
        return out.toString();
    }
}
