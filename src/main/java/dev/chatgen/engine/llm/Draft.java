package dev.chatgen.engine.llm;

/** The prompt and negative prompt an LLM wrote, read out of its answer but not yet fitted to the model. */
record Draft(String prompt, String negativePrompt) {
}
