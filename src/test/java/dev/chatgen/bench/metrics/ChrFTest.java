package dev.chatgen.bench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Expected values are sacrebleu 2.6.0 {@code CHRF(lowercase=True, whitespace=True)} / 100. */
class ChrFTest {

    @Test
    void score_prefixOfReference() {
        assertEquals(0.5643978387, ChrF.score("the cat", "the cat sat"), 1e-9);
    }

    @Test
    void score_lowerCasesBothTexts() {
        assertEquals(0.4414120556, ChrF.score("A red Car", "a red car on a road"), 1e-9);
        assertEquals(1.0, ChrF.score("\u00c9COLE", "\u00e9cole"), 1e-12);
    }

    @Test
    void score_keepsWhitespaceAsCharacters() {
        assertEquals(0.4816846880, ChrF.score("  the  cat ", "the cat"), 1e-9);
        assertEquals(0.3206349206, ChrF.score("the\tcat", "the cat"), 1e-9);
    }

    @Test
    void score_averagesOnlyOrdersBothTextsHave() {
        // "ab" has no 3..6-grams; only orders 1 and 2 count
        assertEquals(0.2340425532, ChrF.score("ab", "abcdefgh"), 1e-9);
    }

    @Test
    void score_repeatedNgramsClipped() {
        assertEquals(0.78125, ChrF.score("aaaa", "aa"), 1e-9);
    }

    @Test
    void score_identical() {
        assertEquals(1.0, ChrF.score("hello world", "hello world"), 1e-12);
    }

    @Test
    void score_noCommonCharacters() {
        assertEquals(0.0, ChrF.score("abc", "xyz"), 0.0);
    }

    @Test
    void score_emptyText() {
        assertEquals(0.0, ChrF.score("", ""), 0.0);
        assertEquals(0.0, ChrF.score("a", ""), 0.0);
    }
}
