package dev.chatgen.queue;

import dev.chatgen.engine.PlanResult;

/**
 * Stage one of a job. {@link JobPlanner} runs the engine on the conversation; the queue
 * benchmark puts an instant stand-in here to measure the queue's own cost.
 */
public interface Planner {
    PlanResult plan(Claim claim);
}
