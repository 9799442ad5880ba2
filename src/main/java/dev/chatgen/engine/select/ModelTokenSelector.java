package dev.chatgen.engine.select;

import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.ModelMask;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The embedded stage 2: softmax over ModelToken logits, with the mask applied to the logits
 * (a masked model gets probability zero) and attachment evidence added to them.
 */
public final class ModelTokenSelector implements ModelSelector {
    private final ModelCatalog catalog;
    /** Logit bonus for a model the person names outright: a clear wish, though the mask still rules. */
    static final double NAMED_BONUS = 6.0;

    private final ModelTokens tokens;
    private final ModelLexicon lexicon;
    private final LexicalCentroids centroids;
    private final int topK;

    public ModelTokenSelector(ModelCatalog catalog, ModelTokens tokens, ModelLexicon lexicon, LexicalCentroids centroids, int topK) {
        if (tokens.models() != catalog.size()) {
            throw new IllegalArgumentException("ModelTokens has " + tokens.models() + " rows for " + catalog.size() + " models");
        }
        this.catalog = catalog;
        this.tokens = tokens;
        this.lexicon = lexicon;
        this.centroids = centroids;
        this.topK = topK;
    }

    @Override
    public Selection select(SelectionInput input, ModelMask mask) {
        ModelLexicon.Reading reading = lexicon.read(input.text());
        double[] logits = tokens.logits(input.features(), reading.tagScores(), centroids.scores(input.text()));
        List<String> notes = new ArrayList<>(input.evidenceNotes());
        for (int named : reading.named()) {
            logits[named] += NAMED_BONUS;
            notes.add("you named " + catalog.model(named).name());
        }
        input.evidence().forEach((id, bonus) -> {
            if (catalog.contains(id)) {
                logits[catalog.indexOf(id)] += bonus;
            }
        });
        List<String> masked = new ArrayList<>();
        Integer[] ranked = IntStream.range(0, logits.length).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(ranked, Comparator.comparingDouble(i -> -logits[i]));
        boolean[] allowed = new boolean[logits.length];
        int shown = 0;
        for (int rank = 0; rank < ranked.length; rank++) {
            int i = ranked[rank];
            T2IModel model = catalog.model(i);
            Optional<String> rejection = mask.rejection(model)
                    .or(() -> model.baseCheckpointId().flatMap(b -> catalog.find(b).flatMap(mask::rejection))
                            .map(why -> "its base checkpoint " + model.baseCheckpoint() + " is " + why));
            allowed[i] = rejection.isEmpty();
            if (rejection.isPresent() && shown < topK) {
                masked.add(model.id() + ": " + rejection.get());
            }
            if (rejection.isEmpty()) {
                shown++;
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < logits.length; i++) {
            if (allowed[i]) {
                max = Math.max(max, logits[i]);
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return new Selection(Optional.empty(), List.of(), masked, notes);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            if (allowed[i]) {
                p[i] = Math.exp(logits[i] - max);
                sum += p[i];
            }
        }
        List<Selection.ScoredModel> top = new ArrayList<>();
        for (int i : ranked) {
            if (allowed[i] && top.size() < topK) {
                top.add(new Selection.ScoredModel(catalog.model(i), p[i] / sum));
            }
        }
        return new Selection(Optional.of(top.get(0).model()), top, masked, notes);
    }
}
