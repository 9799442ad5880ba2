package dev.chatgen.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Follows the jobs an adapter submitted and tells it when one moves on: queued at position N,
 * planning, rendering x%, finished. Reads the job rows, so it works whichever process runs them.
 */
public final class ProgressWatcher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressWatcher.class);

    private final JobQueue queue;
    private final Duration poll;
    private final Map<Long, Watch> watched = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    private static final class Watch {
        final Consumer<ProgressEvent> listener;
        ProgressEvent last;

        Watch(Consumer<ProgressEvent> listener) {
            this.listener = listener;
        }
    }

    public ProgressWatcher(JobQueue queue, Duration poll) {
        this.queue = queue;
        this.poll = poll;
    }

    public void watch(long jobId, Consumer<ProgressEvent> listener) {
        watched.put(jobId, new Watch(listener));
    }

    @Override
    public void run() {
        while (!stopping) {
            checkOnce();
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Looks at every watched job once and reports those that moved. */
    public void checkOnce() {
        for (Map.Entry<Long, Watch> e : watched.entrySet()) {
            try {
                Optional<JobQueue.JobState> state = queue.state(e.getKey());
                if (state.isEmpty()) {
                    watched.remove(e.getKey());
                    continue;
                }
                ProgressEvent event = ProgressEvent.of(state.get());
                Watch w = e.getValue();
                if (!Objects.equals(event, w.last)) {
                    w.last = event;
                    w.listener.accept(event);
                }
                if (event instanceof ProgressEvent.Finished) {
                    watched.remove(e.getKey());
                }
            } catch (RuntimeException ex) {
                LOG.warn("Reading the progress of job {} failed: {}", e.getKey(), ex.getMessage());
            }
        }
    }

    public void stop() {
        stopping = true;
    }
}
