package dev.chatgen.engine.encode;

/** The little dense-vector arithmetic the stages need, on plain float arrays. */
public final class Vectors {
    private Vectors() {
    }

    public static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Returns {@code v} scaled to unit length, in place; a zero vector stays zero. */
    public static float[] normalize(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        if (n > 0) {
            float inv = (float) (1.0 / Math.sqrt(n));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }

    /** Adds {@code weight * v} into {@code acc}. */
    public static void addScaled(float[] acc, float[] v, float weight) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += weight * v[i];
        }
    }
}
