package dev.chatgen.engine;

import dev.chatgen.catalog.GenArgs;

import java.util.List;

/**
 * How a plan came about, stage by stage: what each stage produced, how long it took and the
 * evidence it used. This is what the bots show behind "Show steps".
 */
public record StepTrace(
        String request,
        List<String> notes,
        PromptStep prompt,
        SelectionStep selection,
        ArgsStep args,
        long totalMicros) {

    public StepTrace {
        notes = List.copyOf(notes);
    }

    /** A demonstration that influenced a stage, with its similarity to the request. */
    public record Evidence(String demoId, double similarity) {
    }

    /** Stage 1: the prompts written, which phrases of the request were kept, where the style came from. */
    public record PromptStep(
            String prompt,
            String negativePrompt,
            List<String> subject,
            List<String> excluded,
            List<String> styleFrom,
            List<String> notes,
            long micros) {
        public PromptStep {
            subject = List.copyOf(subject);
            excluded = List.copyOf(excluded);
            styleFrom = List.copyOf(styleFrom);
            notes = List.copyOf(notes);
        }
    }

    /** A model the selector considered, with the probability it gave it. */
    public record Candidate(String modelId, String name, double probability) {
    }

    /** Stage 2: the model chosen, the top candidates and the models the mask ruled out. */
    public record SelectionStep(
            String modelId,
            List<Candidate> candidates,
            List<String> masked,
            List<String> notes,
            long micros) {
        public SelectionStep {
            candidates = List.copyOf(candidates);
            masked = List.copyOf(masked);
            notes = List.copyOf(notes);
        }
    }

    /**
     * Stage 3: the arguments, the demonstrations that voted (or that an LLM was shown), what the
     * user asked for explicitly, and notes such as which backend configured them.
     */
    public record ArgsStep(
            GenArgs args,
            List<Evidence> votes,
            List<String> userRequested,
            List<String> notes,
            long micros) {
        public ArgsStep {
            votes = List.copyOf(votes);
            userRequested = List.copyOf(userRequested);
            notes = List.copyOf(notes);
        }

        public ArgsStep(GenArgs args, List<Evidence> votes, List<String> userRequested, long micros) {
            this(args, votes, userRequested, List.of(), micros);
        }
    }
}
