package dev.chatgen.engine.llm;

import dev.chatgen.catalog.Demonstration;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.encode.DemoIndex;
import dev.chatgen.engine.prompt.PromptRequest;
import dev.chatgen.engine.prompt.PromptWriter;
import dev.chatgen.engine.prompt.WrittenPrompt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stage 1 by an LLM: the conversation (earlier turns, then the request) and, for a vision model,
 * the attached pictures go to the server in the model's input format; the prompt that comes back
 * is fitted to the chosen model. An answer that cannot be used, a timeout or any error hands the
 * request to the embedded writer, and the trace says so.
 */
public final class LlmPromptWriter implements PromptWriter {
    /** The chosen model's nearest demonstrations an instruct model sees as examples of its style. */
    private static final int EXAMPLES = 3;

    private final ChatCompletions llm;
    private final LlmFormat format;
    private final boolean vision;
    private final PromptWriter embedded;
    private final DemoIndex demos;
    private final int maxTurnChars;
    private final LlmOutcomes outcomes;

    /**
     * @param vision       whether the served model reads pictures; without it they are left out of the call
     * @param embedded     the writer that stands in when the LLM fails
     * @param maxTurnChars longest turn sent, as the request reader cuts them
     */
    public LlmPromptWriter(ChatCompletions llm, LlmFormat format, boolean vision, PromptWriter embedded, DemoIndex demos,
                           int maxTurnChars, LlmOutcomes outcomes) {
        this.llm = llm;
        this.format = format;
        this.vision = vision;
        this.embedded = embedded;
        this.demos = demos;
        this.maxTurnChars = maxTurnChars;
        this.outcomes = outcomes;
    }

    @Override
    public WrittenPrompt write(PromptRequest request) {
        String where = llm.endpoint().where();
        List<String> notes = new ArrayList<>();
        List<ChatMessage.Image> pictures = List.of();
        if (!request.pictures().isEmpty()) {
            if (vision) {
                pictures = Pictures.of(request.pictures());
            } else {
                notes.add(outcomes.stage() + ": the attached picture" + (request.pictures().size() == 1 ? " was" : "s were")
                        + " not sent to " + where + ", which reads text only");
            }
        }
        List<String> turns = request.turns().stream().map(this::cut).toList();
        List<Demonstration> examples = List.of();
        List<ChatMessage> messages;
        int maxTokens;
        if (format == LlmFormat.CHATGEN) {
            messages = ChatGenFormat.messages(turns, pictures);
            maxTokens = ChatGenFormat.MAX_TOKENS;
        } else {
            examples = nearest(request.model(), request.features());
            messages = InstructFormat.messages(request.model(), examples, request.previousPrompt(), turns, pictures);
            maxTokens = InstructFormat.MAX_TOKENS;
        }
        try {
            String answer = llm.complete(messages, maxTokens);
            Draft draft = format == LlmFormat.CHATGEN ? ChatGenFormat.parse(answer, where) : InstructFormat.parse(answer, where);
            ModelFit.Fitted fitted = ModelFit.fit(draft.prompt(), request.model(), where);
            outcomes.answered();
            notes.add(0, outcomes.stage() + ": written by " + llm.endpoint().describe());
            notes.addAll(fitted.notes());
            String negative = draft.negativePrompt().replaceAll("\\s+", " ").strip();
            return new WrittenPrompt(fitted.prompt(), negative, examples.stream().map(Demonstration::demoId).toList(), notes);
        } catch (LlmException e) {
            outcomes.fellBack(e);
            WrittenPrompt standIn = embedded.write(request);
            List<String> all = new ArrayList<>();
            all.add(outcomes.stage() + ": " + e.getMessage() + "; " + outcomes.standIn() + " wrote this prompt");
            all.addAll(standIn.notes());
            return new WrittenPrompt(standIn.prompt(), standIn.negativePrompt(), standIn.styleFrom(), all);
        }
    }

    private List<Demonstration> nearest(T2IModel model, float[] features) {
        int index = demos.catalog().indexOf(model.id());
        return Arrays.stream(demos.nearestOf(index, features, EXAMPLES)).mapToObj(demos::demonstration).toList();
    }

    private String cut(String turn) {
        return turn.length() <= maxTurnChars ? turn : turn.substring(0, maxTurnChars);
    }
}
