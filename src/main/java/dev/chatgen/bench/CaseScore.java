package dev.chatgen.bench;

/** The step-wise scores of one prediction against its case's reference. */
public record CaseScore(
        BenchCase benchCase,
        Prediction prediction,
        double selection,
        double args,
        double bertScore,
        double wordF1,
        double chrF) {
}
