package dev.chatgen.engine.select;

import dev.chatgen.catalog.T2IModel;

import java.util.List;
import java.util.Optional;

/**
 * Stage 2's answer: the model chosen (empty when the mask allows nothing), the top candidates
 * after masking with their probabilities, the masked models that would otherwise have ranked,
 * and notes on the evidence used.
 */
public record Selection(Optional<T2IModel> chosen, List<ScoredModel> candidates, List<String> masked, List<String> notes) {
    public Selection {
        candidates = List.copyOf(candidates);
        masked = List.copyOf(masked);
        notes = List.copyOf(notes);
    }

    public record ScoredModel(T2IModel model, double probability) {
    }
}
