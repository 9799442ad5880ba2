package dev.chatgen.engine.encode;

import java.util.ArrayList;
import java.util.List;

/** The frozen text encoder every stage shares. Sentence vectors are L2-normalised, so a dot product is a cosine. */
public interface Encoder {

    int dimension();

    /** Mean-pooled, normalised sentence embedding. */
    float[] embed(String text);

    /** Embeds many texts; implementations may batch. */
    default List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(embed(t));
        }
        return out;
    }

    /** Last-layer contextual vectors of the word-piece tokens, [CLS] and [SEP] excluded (for BERTScore). */
    float[][] tokenEmbeddings(String text);
}
