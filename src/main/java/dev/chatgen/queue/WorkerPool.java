package dev.chatgen.queue;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.chatgen.ops.ChatgenMetrics;
import dev.chatgen.render.ImageBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The workers of one process, one per GPU slot, with the heartbeat that renews their leases and
 * the reaper that takes back jobs of workers (in any process) that died.
 */
public final class WorkerPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    private final JobQueue queue;
    private final List<Thread> threads = new ArrayList<>();
    private final ActiveClaims active = new ActiveClaims();
    private final ScheduledExecutorService housekeeping;
    private final List<ImageBackend> backends;
    private final String processId;
    private volatile boolean stopping;

    /** One worker per call of {@code backends}, {@code slots} times; every backend may run any model. */
    public WorkerPool(JobQueue queue, Planner planner, Supplier<ImageBackend> backends, ImageFiles images, Outbox outbox,
                      int slots, String processId, Doorbell work, Clock clock) {
        this(queue, planner, java.util.stream.Stream.generate(backends).limit(slots).toList(), null, ReferenceImages.NONE, images, outbox,
                processId, work, clock);
    }

    /**
     * @param backends  one per GPU slot: a slot renders one image at a time
     * @param installed which checkpoints each backend has, so a worker claims only jobs it can render; null: any
     */
    public WorkerPool(JobQueue queue, Planner planner, List<ImageBackend> backends, Installed installed, ReferenceImages references,
                      ImageFiles images, Outbox outbox, String processId, Doorbell work, Clock clock) {
        this(queue, planner, backends, installed, references, images, outbox, processId, work, clock, ChatgenMetrics.none());
    }

    /** As above, reporting plans and renders to {@code metrics}. */
    public WorkerPool(JobQueue queue, Planner planner, List<ImageBackend> backends, Installed installed, ReferenceImages references,
                      ImageFiles images, Outbox outbox, String processId, Doorbell work, Clock clock, ChatgenMetrics metrics) {
        this.queue = queue;
        this.processId = processId;
        this.backends = List.copyOf(backends);
        // Plans made here, for the render that usually follows in this process; bounded, and a miss reads the database.
        Cache<Long, Outbox.Steps> plans = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10)).build();
        Installed routing = installed != null ? installed : Installed.untracked(clock);
        int slot = 0;
        for (ImageBackend backend : backends) {
            slot++;
            String id = processId + "/slot-" + slot;
            Worker worker = new Worker(id, queue, planner, backend, new BackendHealth(backend.name(), clock), images, outbox, work,
                    active, plans, references, routing, () -> stopping, metrics);
            Thread t = new Thread(worker, "worker-" + slot);
            // Daemon: a render still running after the grace period must not keep the process alive;
            // its lease is handed back, so its late result is refused.
            t.setDaemon(true);
            threads.add(t);
        }
        housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "queue-housekeeping");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        threads.forEach(Thread::start);
        long lease = queue.config().lease().toMillis();
        housekeeping.scheduleWithFixedDelay(this::heartbeat, lease / 3, lease / 3, TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(this::reap, 0, Math.max(lease / 2, 200), TimeUnit.MILLISECONDS);
        LOG.info("{} worker(s) of {} started", threads.size(), processId);
    }

    private void heartbeat() {
        for (Claim claim : active.all()) {
            try {
                if (!queue.heartbeat(claim)) {
                    active.markLost(claim);
                }
            } catch (RuntimeException e) {
                LOG.warn("Heartbeat for job {} failed: {}", claim.jobId(), e.getMessage());
            }
        }
    }

    private void reap() {
        try {
            queue.reapExpiredLeases();
        } catch (RuntimeException e) {
            LOG.warn("Taking back expired leases failed: {}", e.getMessage());
        }
    }

    /**
     * Stops claiming, lets running jobs finish within {@code grace}, then hands the leases of the
     * rest back so another worker takes them at once. Returns how many were handed back.
     */
    public int shutdown(Duration grace) {
        stopping = true;
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread t : threads) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<Claim> unfinished = active.all();
        for (Claim claim : unfinished) {
            try {
                queue.release(claim);
                active.markLost(claim);
                LOG.info("Job {} handed back at shutdown; another worker takes it", claim.jobId());
            } catch (RuntimeException e) {
                LOG.warn("Could not hand back job {}; its lease will expire instead: {}", claim.jobId(), e.getMessage());
            }
        }
        housekeeping.shutdown(); // not shutdownNow: interrupting H2 file I/O closes the database
        for (ImageBackend backend : backends) {
            if (backend instanceof AutoCloseable closeable) { // a progress socket, say
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.debug("Closing backend {} failed: {}", backend.name(), e.getMessage());
                }
            }
        }
        return unfinished.size();
    }

    @Override
    public void close() {
        shutdown(queue.config().shutdownGrace());
    }
}
