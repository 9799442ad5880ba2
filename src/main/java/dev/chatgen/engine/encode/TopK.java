package dev.chatgen.engine.encode;

/** Picks the largest few of many scores without sorting them all. */
public final class TopK {
    private TopK() {
    }

    /** Indices of the {@code k} largest values, largest first; a partial selection, as there may be tens of thousands. */
    public static int[] indices(double[] values, int k) {
        int size = Math.min(k, values.length);
        int[] top = new int[size];
        int filled = 0;
        for (int i = 0; i < values.length; i++) {
            if (filled < size) {
                top[filled++] = i;
            } else if (values[i] > values[top[size - 1]]) {
                top[size - 1] = i;
            } else {
                continue;
            }
            // Insertion step keeps top[] sorted by value, descending.
            for (int j = filled - 1; j > 0 && values[top[j]] > values[top[j - 1]]; j--) {
                int t = top[j];
                top[j] = top[j - 1];
                top[j - 1] = t;
            }
        }
        return top;
    }
}
