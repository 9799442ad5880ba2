package dev.chatgen.engine.select;

import dev.chatgen.engine.ModelMask;

/** Stage 2: chooses the model for a request among those the mask allows. */
public interface ModelSelector {
    Selection select(SelectionInput input, ModelMask mask);
}
