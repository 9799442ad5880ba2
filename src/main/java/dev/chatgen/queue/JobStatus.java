package dev.chatgen.queue;

/**
 * A job's life: QUEUED (waiting to be planned; planning happens inside the transaction that
 * claims it), PLANNED (waiting for a GPU slot, its checkpoint known), RENDERING (under lease),
 * then DONE, FAILED or CANCELLED.
 */
public enum JobStatus {
    QUEUED, PLANNED, RENDERING, DONE, FAILED, CANCELLED;

    public boolean finished() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }
}
