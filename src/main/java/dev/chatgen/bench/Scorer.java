package dev.chatgen.bench;

import dev.chatgen.bench.metrics.ArgAccuracy;
import dev.chatgen.bench.metrics.BertScore;
import dev.chatgen.bench.metrics.ChrF;
import dev.chatgen.bench.metrics.WordF1;
import dev.chatgen.engine.encode.Encoder;

import java.util.HashMap;
import java.util.Map;

/** Scores predictions: selection accuracy, argument accuracy, rescaled BERTScore, word F1 and chrF. */
public final class Scorer {
    private final Encoder encoder;
    private final double bertBaseline;
    private final Map<String, float[][]> referenceTokens = new HashMap<>();

    public Scorer(Encoder encoder, double bertBaseline) {
        this.encoder = encoder;
        this.bertBaseline = bertBaseline;
    }

    public CaseScore score(BenchCase c, Prediction p) {
        float[][] ref = referenceTokens.computeIfAbsent(c.prompt(), encoder::tokenEmbeddings);
        float[][] cand = encoder.tokenEmbeddings(p.prompt());
        double bert = BertScore.rescale(BertScore.f1(cand, ref), bertBaseline);
        return new CaseScore(c, p,
                p.model().equals(c.model()) ? 1 : 0,
                ArgAccuracy.score(p.args(), c.args()),
                bert,
                WordF1.score(p.prompt(), c.prompt()),
                ChrF.score(p.prompt(), c.prompt()));
    }
}
