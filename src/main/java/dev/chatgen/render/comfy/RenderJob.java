package dev.chatgen.render.comfy;

import dev.chatgen.render.BackendUnavailableException;
import dev.chatgen.render.RenderFailedException;
import dev.chatgen.render.RenderProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The render in flight, shared by the rendering thread, {@code cancel()} from another thread and the progress
 * socket: its prompt id once queued, whether it was cancelled, and its progress, reported rising only.
 */
final class RenderJob implements ComfyProgressSocket.Events {
    private static final Logger LOG = LoggerFactory.getLogger(RenderJob.class);

    private final RenderProgress progress;
    private final Semaphore wake = new Semaphore(0);
    /** Set once: stopping twice could interrupt whatever the server runs next. */
    final AtomicBoolean stopSent = new AtomicBoolean();
    volatile boolean cancelled;
    volatile String promptId;
    volatile String samplerNode;
    private int reported = -1;

    RenderJob(RenderProgress progress) {
        this.progress = progress;
    }

    void throwIfCancelled() {
        if (cancelled) {
            throw new RenderFailedException("cancelled", null);
        }
    }

    /** Ends a {@link #pause} early: cancelled, or the socket says the prompt is done. */
    void wake() {
        wake.release();
    }

    /** Waits up to {@code time}; an interrupted thread stops the prompt on the server and gives the job back. */
    void pause(Duration time, Runnable stopOnServer) {
        try {
            if (wake.tryAcquire(time.toNanos(), TimeUnit.NANOSECONDS)) {
                wake.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopOnServer.run();
            throw new BackendUnavailableException("interrupted while waiting for ComfyUI", e);
        }
    }

    /** Reports a percentage if it is higher than the last one. */
    synchronized void report(int percent) {
        if (percent > reported) {
            reported = percent;
            progress.percent(percent);
        }
    }

    @Override
    public void progress(String prompt, String node, int value, int max) {
        // Only the KSampler's steps: the loaders and the VAE report progress of their own on some servers.
        if (!mine(prompt) || max <= 0 || (node != null && samplerNode != null && !node.equals(samplerNode))) {
            return;
        }
        try {
            report(Math.min(99, Math.max(0, value) * 100 / max));
        } catch (RuntimeException e) {
            LOG.debug("progress listener failed for ComfyUI prompt {}: {}", promptId, e.toString());
        }
    }

    @Override
    public void finished(String prompt) {
        if (mine(prompt)) {
            wake();
        }
    }

    // Before POST /prompt returns, the socket may already speak of the prompt; this client queues nothing else.
    private boolean mine(String prompt) {
        String id = promptId;
        return prompt == null || id == null || prompt.equals(id);
    }
}
