package dev.chatgen.engine.prompt;

import java.util.List;

/** Stage 1's output: the prompt and negative prompt, and where their style vocabulary came from. */
public record WrittenPrompt(String prompt, String negativePrompt, List<String> styleFrom, List<String> notes) {
    public WrittenPrompt {
        styleFrom = List.copyOf(styleFrom);
        notes = List.copyOf(notes);
    }
}
