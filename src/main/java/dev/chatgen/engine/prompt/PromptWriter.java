package dev.chatgen.engine.prompt;

import dev.chatgen.catalog.T2IModel;

/** Stage 1: writes the professional prompt for a request, in the vocabulary of the model that will render it. */
public interface PromptWriter {
    /** @param features the request's encoder state, for finding the model's nearest demonstrations */
    WrittenPrompt write(ReadRequest request, T2IModel model, float[] features);
}
