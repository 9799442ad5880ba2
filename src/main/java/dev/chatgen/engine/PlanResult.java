package dev.chatgen.engine;

/** What planning a request gives: a plan with its trace, or a reason, in plain words, why there is none. */
public sealed interface PlanResult permits PlanResult.Planned, PlanResult.Unplannable {

    record Planned(GenerationPlan plan, StepTrace trace) implements PlanResult {
    }

    /** Nothing to draw, or nothing allowed fits; {@code message} is written for the person who asked. */
    record Unplannable(String message) implements PlanResult {
    }
}
