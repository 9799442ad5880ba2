package dev.chatgen.bench.metrics;

/**
 * A token-embedding matrix with every row scaled to unit length, stored row-major in one array.
 * Normalising once per matrix turns each cosine into a plain dot product, and the flat array
 * keeps the inner loop on contiguous memory.
 */
final class UnitRows {

    final float[] data;
    final int rows;
    final int dim;

    private UnitRows(float[] data, int rows, int dim) {
        this.data = data;
        this.rows = rows;
        this.dim = dim;
    }

    /** @throws IllegalArgumentException if the rows differ in length */
    static UnitRows of(float[][] matrix) {
        int rows = matrix.length;
        int dim = rows == 0 ? 0 : matrix[0].length;
        float[] data = new float[rows * dim];
        for (int i = 0; i < rows; i++) {
            float[] row = matrix[i];
            if (row.length != dim) {
                throw new IllegalArgumentException(
                        "token " + i + " has " + row.length + " dimensions, token 0 has " + dim);
            }
            double squares = 0;
            for (float v : row) {
                squares += (double) v * v;
            }
            // why: a zero vector has no direction; leaving it zero makes its cosines 0
            double scale = squares == 0 ? 0 : 1 / Math.sqrt(squares);
            for (int k = 0; k < dim; k++) {
                data[i * dim + k] = (float) (row[k] * scale);
            }
        }
        return new UnitRows(data, rows, dim);
    }

    /** Dot product of row {@code i} of this and row {@code j} of {@code other}. */
    float dot(int i, UnitRows other, int j) {
        float[] a = data;
        float[] b = other.data;
        int ai = i * dim;
        int bj = j * dim;
        // why: four independent sums let the CPU pipeline the multiply-adds
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int k = 0;
        for (; k + 3 < dim; k += 4) {
            s0 += a[ai + k] * b[bj + k];
            s1 += a[ai + k + 1] * b[bj + k + 1];
            s2 += a[ai + k + 2] * b[bj + k + 2];
            s3 += a[ai + k + 3] * b[bj + k + 3];
        }
        for (; k < dim; k++) {
            s0 += a[ai + k] * b[bj + k];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
