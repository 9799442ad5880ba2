package dev.chatgen.queue;

/** What an adapter shows while a job goes through the queue (it edits its placeholder message). */
public sealed interface ProgressEvent {
    long jobId();

    /**
     * Waiting; {@code position} 1 means next. {@code planned}: the three steps are done (they can be
     * shown already) and the job waits for a GPU.
     */
    record Queued(long jobId, int position, boolean planned) implements ProgressEvent {
    }

    record Rendering(long jobId, int percent) implements ProgressEvent {
    }

    /** DONE, FAILED (with the reason the person reads) or CANCELLED. The reply itself comes from the outbox. */
    record Finished(long jobId, JobStatus status, String reason) implements ProgressEvent {
    }

    static ProgressEvent of(JobQueue.JobState s) {
        return switch (s.status()) {
            case QUEUED -> new Queued(s.id(), s.position(), false);
            case PLANNED -> new Queued(s.id(), s.position(), true);
            case RENDERING -> new Rendering(s.id(), s.progress());
            case DONE, FAILED, CANCELLED -> new Finished(s.id(), s.status(), s.error());
        };
    }
}
