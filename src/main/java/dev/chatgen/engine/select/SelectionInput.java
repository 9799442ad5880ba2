package dev.chatgen.engine.select;

import java.util.List;
import java.util.Map;

/**
 * What stage 2 decides from: the encoder state h of the request joined with the written prompt,
 * the conversation's text (for models named or tagged in so many words), and extra evidence from attachments (a model named in an image's generation metadata), given as
 * logit bonuses by model id with a note for the trace.
 */
public record SelectionInput(float[] features, String text, Map<String, Double> evidence, List<String> evidenceNotes) {
    public SelectionInput {
        evidence = Map.copyOf(evidence);
        evidenceNotes = List.copyOf(evidenceNotes);
    }

    public static SelectionInput of(float[] features, String text) {
        return new SelectionInput(features, text, Map.of(), List.of());
    }
}
