package dev.chatgen.queue;

/**
 * A job's life: QUEUED (waiting to be planned), PLANNING, PLANNED (waiting for a GPU slot, its
 * checkpoint known), RENDERING, then DONE, FAILED or CANCELLED.
 */
public enum JobStatus {
    QUEUED, PLANNING, PLANNED, RENDERING, DONE, FAILED, CANCELLED;

    public boolean finished() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }
}
