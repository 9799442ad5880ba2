package dev.chatgen.engine.llm;

import java.util.Locale;

/** How stage 1 asks the LLM for a prompt, and how it reads the answer. */
public enum LlmFormat {
    /**
     * The published ChatGen checkpoints (ChatGen-Base, ChatGen-Evo; InternVL2 fine-tunes): their
     * own instruction followed by the freestyle request in one user message, pictures before the
     * text; the answer's prompt and negativePrompt read as JSON or as labelled lines.
     */
    CHATGEN,
    /** Any instruct model: the chosen model described in a system message, strict JSON {"prompt", "negative_prompt"} back. */
    INSTRUCT;

    /** ChatGen's format for a served model whose name says it is one ("chatgen-evo", "ChengyouJia/ChatGen-Base-8B"). */
    public static LlmFormat forModel(String servedName) {
        return servedName.toLowerCase(Locale.ROOT).contains("chatgen") ? CHATGEN : INSTRUCT;
    }
}
