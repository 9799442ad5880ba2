package dev.chatgen.bench.metrics;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Character n-gram F-score (chrF), n = 1..6, beta = 2, word n-grams off, as sacrebleu 2.x
 * computes it for one sentence with {@code CHRF(lowercase=True, whitespace=True)}, scaled to
 * [0, 1] instead of [0, 100].
 *
 * <p>Both texts are lower-cased and whitespace is kept inside the n-grams. For each order n the
 * precision and recall of the n-gram multisets are computed; they are averaged only over the
 * orders that both texts have n-grams of (sacrebleu's effective order), and the score is the
 * F-beta of the averaged precision and recall. A pair with no common order (for example an
 * empty text) scores 0.0, as in sacrebleu.
 *
 * <p>Calibration (see {@code DevCalibrationTest}): the benchmark README states 0.257 for the raw
 * last turn against the reference prompt over the 216 dev cases. Checked against sacrebleu
 * 2.6.0: whitespace kept + lower-cased gives 0.25659; whitespace kept, case kept 0.25563
 * (0.256); sacrebleu's default (whitespace removed) 0.22891, or 0.22972 lower-cased. Averaging
 * F over n instead of F of the averaged P and R moves the fifth decimal only, so the data cannot
 * tell them apart; this class keeps sacrebleu's F of averaged P and R.
 */
public final class ChrF {

    static final int MAX_ORDER = 6;
    static final double BETA = 2.0;

    private ChrF() {
    }

    public static double score(String prediction, String reference) {
        int[] hyp = prediction.toLowerCase(Locale.ROOT).codePoints().toArray();
        int[] ref = reference.toLowerCase(Locale.ROOT).codePoints().toArray();
        double precisionSum = 0;
        double recallSum = 0;
        int effectiveOrder = 0;
        for (int n = 1; n <= MAX_ORDER; n++) {
            int hypCount = Math.max(0, hyp.length - n + 1);
            int refCount = Math.max(0, ref.length - n + 1);
            if (hypCount == 0 || refCount == 0) {
                continue; // why: orders a text is too short for are left out of the average
            }
            int matches = matches(ngrams(hyp, n), ngrams(ref, n));
            precisionSum += (double) matches / hypCount;
            recallSum += (double) matches / refCount;
            effectiveOrder++;
        }
        if (effectiveOrder == 0) {
            return 0.0;
        }
        double precision = precisionSum / effectiveOrder;
        double recall = recallSum / effectiveOrder;
        if (precision + recall == 0) {
            return 0.0;
        }
        double factor = BETA * BETA;
        return (1 + factor) * precision * recall / (factor * precision + recall);
    }

    /** Code points, not UTF-16 units, so an emoji is one character as in Python. */
    private static Map<String, Integer> ngrams(int[] codePoints, int n) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= codePoints.length; i++) {
            counts.merge(new String(codePoints, i, n), 1, Integer::sum);
        }
        return counts;
    }

    private static int matches(Map<String, Integer> hyp, Map<String, Integer> ref) {
        int sum = 0;
        for (Map.Entry<String, Integer> e : hyp.entrySet()) {
            sum += Math.min(e.getValue(), ref.getOrDefault(e.getKey(), 0));
        }
        return sum;
    }
}
