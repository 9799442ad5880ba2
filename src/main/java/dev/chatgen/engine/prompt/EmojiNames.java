package dev.chatgen.engine.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns emoji into the words Unicode names them with ("🐝" -> "honeybee"), so a message of emoji
 * alone still says what to draw. Joiners, skin tones and variation selectors carry no subject.
 */
final class EmojiNames {
    private EmojiNames() {
    }

    static String spellOut(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (isEmoji(cp)) {
                out.append(' ').append(name(cp)).append(", ");
            } else if (!isModifier(cp)) {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    static String describe(String text) {
        List<String> names = new ArrayList<>();
        text.codePoints().filter(EmojiNames::isEmoji).forEach(cp -> names.add(new String(Character.toChars(cp)) + " = " + name(cp)));
        return String.join(", ", names);
    }

    private static boolean isEmoji(int cp) {
        return Character.getType(cp) == Character.OTHER_SYMBOL && cp >= 0x2190 && Character.getName(cp) != null && !isModifier(cp);
    }

    private static boolean isModifier(int cp) {
        return cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F);
    }

    private static String name(int cp) {
        return Character.getName(cp).toLowerCase(Locale.ROOT).replace(" face", "").replace('-', ' ');
    }
}
