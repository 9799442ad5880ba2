package dev.chatgen.bench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WordF1Test {

    @Test
    void score_identicalIgnoringCaseAndPunctuation() {
        assertEquals(1.0, WordF1.score("A red CAR, parked.", "a red car parked"), 1e-12);
    }

    @Test
    void score_repeatedWordCountsOnlyUpToReference() {
        // overlap {the, cat} = 2; P = 2/3, R = 2/3
        assertEquals(2.0 / 3, WordF1.score("the the cat", "the cat sat"), 1e-12);
    }

    @Test
    void score_repeatedWordInPrediction() {
        // words {red x3} vs {red, car}: overlap 1, P = 1/3, R = 1/2, F1 = 0.4
        assertEquals(0.4, WordF1.score("red, red; RED", "red car"), 1e-12);
    }

    @Test
    void score_apostropheJoinsWord() {
        assertEquals(1.0, WordF1.score("It's a Cat!", "its a cat"), 1e-12);
        assertEquals(1.0, WordF1.score("it\u2019s", "its"), 1e-12);
    }

    @Test
    void score_digitsAreWords() {
        // "1.3" is the two words 1 and 3
        assertEquals(1.0, WordF1.score("(photorealistic:1.3)", "photorealistic 1 3"), 1e-12);
    }

    @Test
    void score_noOverlap() {
        assertEquals(0.0, WordF1.score("dog", "cat"), 0.0);
    }

    @Test
    void score_bothWithoutWords() {
        assertEquals(1.0, WordF1.score("", " ,;! "), 0.0);
    }

    @Test
    void score_oneWithoutWords() {
        assertEquals(0.0, WordF1.score("", "cat"), 0.0);
        assertEquals(0.0, WordF1.score("cat", "..."), 0.0);
    }
}
