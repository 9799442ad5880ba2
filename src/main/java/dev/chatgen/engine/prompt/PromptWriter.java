package dev.chatgen.engine.prompt;

/** Stage 1: writes the professional prompt for a request, in the vocabulary of the model that will render it. */
public interface PromptWriter {
    WrittenPrompt write(PromptRequest request);
}
