package dev.chatgen.engine;

import dev.chatgen.catalog.GenArgs;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.T2IModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What carries over from the image being refined: its model gets a logit bonus, so "now at
 * night" keeps the look instead of re-choosing from scratch, and, when the same model is chosen
 * again, its sampler, steps and CFG. Metadata of an attached picture is stronger evidence and wins.
 */
record Continuity(Map<String, Double> evidence, List<String> notes, Optional<PriorPlan> previous) {
    /** Below a model named in an attached image's metadata: a follow-up can still switch models on clear words. */
    static final double PREVIOUS_MODEL_BONUS = 4.0;

    static Continuity of(Optional<PriorPlan> previous, AttachmentReader.Findings found, ModelCatalog catalog) {
        Map<String, Double> evidence = new HashMap<>(found.modelEvidence());
        List<String> notes = new ArrayList<>(found.selectionNotes());
        if (previous.isPresent() && catalog.find(previous.get().modelId()).isPresent()) {
            T2IModel m = catalog.find(previous.get().modelId()).get();
            if (evidence.putIfAbsent(m.id(), PREVIOUS_MODEL_BONUS) == null) {
                notes.add("continues the previous image, made with " + m.id());
            }
        }
        return new Continuity(evidence, notes, previous);
    }

    /** The previous picture's arguments when its model was kept: "make it darker" keeps them, size included. */
    Optional<GenArgs> previousArgs(T2IModel chosen) {
        return previous.filter(p -> p.modelId().equals(chosen.id())).map(PriorPlan::args);
    }
}
