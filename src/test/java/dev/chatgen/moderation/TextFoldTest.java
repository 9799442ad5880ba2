package dev.chatgen.moderation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TextFoldTest {

    @Test
    void fold_lowerCasesAndSeparatesWordsWithOneSpace() {
        assertEquals("a red fox in the snow", TextFold.fold("  A RED Fox,  in...the\tSnow!! "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u200B", "\u200C", "\u200D", "\u200E", "\u200F", "\u202A", "\u202E", "\u2060", "\u2064",
            "\uFEFF", "\u00AD", "\u3164"})
    void fold_dropsInvisibleCharactersInsideAWord(String invisible) {
        assertEquals("loli", TextFold.fold("lo" + invisible + "li"));
    }

    @Test
    void fold_dropsEveryFormatCharacterNotOnlyTheListedOnes() {
        // U+2066 LEFT-TO-RIGHT ISOLATE and a Unicode tag character are FORMAT too
        assertEquals("loli", TextFold.fold("l\u2066o" + new String(Character.toChars(0xE0041)) + "li"));
    }

    @Test
    void fold_removesAccentsAndCombiningMarks() {
        assertEquals("nude", TextFold.fold("nüde"));
        assertEquals("loli", TextFold.fold("lólì"));
        assertEquals("loli", TextFold.fold("l\u0336o\u0336l\u0336i\u0336")); // strike-through "Zalgo" marks
    }

    @Test
    void fold_makesFullWidthLigatureAndStyledLettersLatin() {
        assertEquals("loli", TextFold.fold("ｌｏｌｉ"));
        assertEquals("loli", TextFold.fold("ＬＯＬＩ"));
        assertEquals("fine", TextFold.fold("ﬁne"));
        assertEquals("loli", TextFold.fold("\uD835\uDC25\uD835\uDC28\uD835\uDC25\uD835\uDC22")); // mathematical bold
        assertEquals("loli", TextFold.fold("ⓛⓞⓛⓘ"));
        assertEquals("loli", TextFold.fold("ʟᴏʟɪ")); // small capitals
    }

    @Test
    void fold_mapsCyrillicLookAlikes() {
        assertEquals("loli", TextFold.fold("l\u043Eli")); // о
        assertEquals("aeopcyxijsdkmtbh", TextFold.fold(
                "\u0430\u0435\u043E\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u0501\u043A\u043C\u0442\u0432\u043D"));
        assertEquals("aeopcyxijsdkmtbh", TextFold.fold(
                "\u0410\u0415\u041E\u0420\u0421\u0423\u0425\u0406\u0408\u0405\u0500\u041A\u041C\u0422\u0412\u041D"));
    }

    @Test
    void fold_mapsGreekLookAlikesByHowEachCaseLooks() {
        assertEquals("aeoptuxikv", TextFold.fold("\u03B1\u03B5\u03BF\u03C1\u03C4\u03C5\u03C7\u03B9\u03BA\u03BD"));
        // capital Υ looks like Y and Ν like N, unlike their small forms
        assertEquals("aeoptyxikn", TextFold.fold("\u0391\u0395\u039F\u03A1\u03A4\u03A5\u03A7\u0399\u039A\u039D"));
        assertEquals("nsfw", TextFold.fold("\u039DSFW"));
    }

    @Test
    void fold_leavesOtherScriptsAlone() {
        assertEquals("ねこ 猫 лишь", TextFold.fold("ねこ, 猫! лишь"));
    }

    @Test
    void fold_readsLeetspeakInsideWords() {
        assertEquals("loli", TextFold.fold("l0li"));
        assertEquals("loli", TextFold.fold("L0L1"));
        assertEquals("sexy", TextFold.fold("s3xy"));
        assertEquals("naked", TextFold.fold("n@ked"));
        assertEquals("sexy", TextFold.fold("$exy"));
        assertEquals("ass", TextFold.fold("a55"));
        assertEquals("tease", TextFold.fold("7e4se"));
        assertEquals("shota", TextFold.fold("5hota"));
    }

    @Test
    void fold_keepsNumbersAndQuantities() {
        assertEquals("1024x768", TextFold.fold("1024x768"));
        assertEquals("30 steps", TextFold.fold("30 steps"));
        assertEquals("cfg 7 5 16 9", TextFold.fold("cfg 7.5, 16:9"));
        assertEquals("4k 50mm 1080p 12yo", TextFold.fold("4k 50mm 1080p 12yo"));
        assertEquals("5", TextFold.fold("$5"));
    }

    @Test
    void fold_ofNothingIsEmpty() {
        assertEquals("", TextFold.fold(""));
        assertEquals("", TextFold.fold(" ,.!\u200B "));
    }

    @Test
    void joinSpacedLetters_joinsRunsOfThreeOrMoreSingleLetters() {
        assertEquals("sexy", TextFold.joinSpacedLetters("s e x y"));
        assertEquals("nude", TextFold.joinSpacedLetters(TextFold.fold("n.u.d.e")));
        assertEquals("draw loli girl", TextFold.joinSpacedLetters("draw l o l i girl"));
        assertEquals("abc and xyz", TextFold.joinSpacedLetters("a b c and x y z"));
    }

    @Test
    void joinSpacedLetters_leavesShortRunsAndWordsAlone() {
        assertEquals("a cat", TextFold.joinSpacedLetters("a cat"));
        assertEquals("x y plot of 3 d art", TextFold.joinSpacedLetters("x y plot of 3 d art"));
        assertEquals("", TextFold.joinSpacedLetters(""));
    }

    @Test
    void joinSpacedLetters_canKeepALeadingArticleApart() {
        assertEquals("draw aloli", TextFold.joinSpacedLetters("draw a l o l i"));
        assertEquals("draw a loli", TextFold.joinSpacedLetters("draw a l o l i", true));
        assertEquals("ass", TextFold.joinSpacedLetters("a s s", true)); // too short to split
    }
}
