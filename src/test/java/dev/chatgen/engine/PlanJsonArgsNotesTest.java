package dev.chatgen.engine;

import dev.chatgen.catalog.GenArgs;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Stage 3's notes (which backend chose the arguments, any fallback) survive the job store's JSON. */
class PlanJsonArgsNotesTest {
    @Test
    void trace_argsNotesRoundTrip() {
        GenArgs args = new GenArgs("Euler a", 30, 7, 512, 512);
        StepTrace t = new StepTrace("a fox", List.of(),
                new StepTrace.PromptStep("fox", "", List.of("fox"), List.of(), List.of(), List.of("stage 1: written by m at http://x/v1"), 1),
                new StepTrace.SelectionStep("m", List.of(), List.of(), List.of(), 1),
                new StepTrace.ArgsStep(args, List.of(), List.of(), List.of("stage 3: the LLM at http://x/v1 timed out after 20 s"), 1), 3);
        assertEquals(t, PlanJson.readTrace(PlanJson.trace(t)));
    }
}
