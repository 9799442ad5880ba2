package dev.chatgen.engine.encode;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class TopKTest {
    @Test
    void indices_largestFirst() {
        assertArrayEquals(new int[] {3, 0, 4}, TopK.indices(new double[] {5, 1, 2, 9, 4}, 3));
    }

    @Test
    void indices_fewerValuesThanAsked() {
        assertArrayEquals(new int[] {1, 0}, TopK.indices(new double[] {1, 2}, 5));
    }
}
