package dev.chatgen.queue;

import com.github.benmanes.caffeine.cache.Cache;
import dev.chatgen.engine.PlanJson;
import dev.chatgen.engine.PlanResult;
import dev.chatgen.ops.ChatgenMetrics;
import dev.chatgen.ops.ChatgenMetrics.RenderOutcome;
import dev.chatgen.render.BackendUnavailableException;
import dev.chatgen.render.ImageBackend;
import dev.chatgen.render.RenderFailedException;
import dev.chatgen.render.RenderProgress;
import dev.chatgen.render.RenderRequest;
import dev.chatgen.render.RenderedImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One GPU slot: plans waiting jobs (cheap, CPU) so their checkpoints are known, then renders
 * one job at a time on its backend, preferring jobs for the checkpoint already loaded.
 */
final class Worker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;

    private final String id;
    private final JobQueue queue;
    private final Planner planner;
    private final ImageBackend backend;
    private final BackendHealth health;
    private final ImageFiles images;
    private final Outbox outbox;
    private final Doorbell work;
    private final ActiveClaims active;
    private final Cache<Long, Outbox.Steps> plans;
    private final ReferenceImages references;
    private final Installed installed;
    private final BooleanSupplier stopping;
    private final ChatgenMetrics metrics;

    Worker(String id, JobQueue queue, Planner planner, ImageBackend backend, BackendHealth health, ImageFiles images,
           Outbox outbox, Doorbell work, ActiveClaims active, Cache<Long, Outbox.Steps> plans, ReferenceImages references,
           Installed installed, BooleanSupplier stopping, ChatgenMetrics metrics) {
        this.id = id;
        this.queue = queue;
        this.planner = planner;
        this.backend = backend;
        this.health = health;
        this.images = images;
        this.outbox = outbox;
        this.work = work;
        this.active = active;
        this.plans = plans;
        this.references = references;
        this.installed = installed;
        this.stopping = stopping;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        while (!stopping.getAsBoolean()) {
            long mark = work.mark();
            boolean didSomething;
            try {
                didSomething = step();
            } catch (RuntimeException e) {
                // The database went away or a bug: log, breathe, go on; leases protect the jobs.
                LOG.error("Worker {}: {}", id, e.getMessage(), e);
                didSomething = false;
            }
            if (!didSomething) {
                try {
                    work.await(mark, queue.config().pollInterval());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Plans or renders one job; false when there was nothing to do. */
    boolean step() {
        Optional<JobQueue.PlanStep> planned = queue.planNext(id, !health.paused(), this::plan);
        if (planned.isPresent()) {
            planned.get().renderNow().ifPresent(this::render);
            return true;
        }
        if (health.paused()) {
            return false;
        }
        Optional<Claim> toRender = queue.claimRender(id, backend.loadedCheckpoint(), installed.checkpointsOf(backend));
        if (toRender.isPresent()) {
            render(toRender.get());
            return true;
        }
        return false;
    }

    /** Runs inside the queue's planning transaction; the plan is also kept here for the render that usually follows. */
    private JobQueue.Planning plan(Claim claim) {
        PlanResult result;
        try {
            result = planner.plan(claim);
        } catch (RuntimeException e) {
            metrics.planFailed(); // the queue logs it and counts the try
            throw e;
        }
        if (result instanceof PlanResult.Unplannable u) {
            LOG.info("Job {}: nothing to plan ({})", claim.jobId(), u.message());
            return new JobQueue.Planning.NothingToPlan(u.message());
        }
        PlanResult.Planned p = (PlanResult.Planned) result;
        var json = PlanJson.of(p.plan(), p.trace());
        var trace = json.remove("trace");
        plans.put(claim.jobId(), new Outbox.Steps(p.plan(), p.trace()));
        metrics.planned(p.trace());
        LOG.debug("Job {} planned by {}: {} with {}", claim.jobId(), id, p.plan().model().id(), p.plan().args().summary());
        return new JobQueue.Planning.Planned(p.plan().checkpoint().id(), json.toString(), trace.toString());
    }

    private void render(Claim claim) {
        active.add(claim, backend::cancel);
        if (claim.attempts() == 1) {
            metrics.renderStarted(() -> queue.waitedSinceQueued(claim.jobId()));
        }
        try {
            // Planned in this process a moment ago, usually; else read back from the database.
            Outbox.Steps steps = plans.getIfPresent(claim.jobId());
            if (steps == null) {
                Optional<Outbox.Steps> stored = outbox.steps(claim.jobId());
                if (stored.isEmpty()) {
                    metrics.renderEnded(backend.name(), RenderOutcome.FAILED);
                    queue.failed(claim, "Sorry, this picture's plan uses a model that is no longer in the catalog.", false);
                    return;
                }
                steps = stored.get();
            }
            RenderedImage image = backend.render(new RenderRequest(steps.plan(), seed(claim.jobId()), references.of(claim),
                    steps.trace().request()), throttled(claim));
            health.reachable();
            metrics.rendered(image.took());
            if (active.lost(claim)) {
                metrics.renderEnded(backend.name(), RenderOutcome.ABANDONED);
                queue.abandon(claim);
                return;
            }
            ImageRecord saved = images.save(claim.jobId(), image, backend.name());
            if (queue.done(claim, saved)) {
                metrics.renderEnded(backend.name(), RenderOutcome.DONE);
                LOG.info("Job {} done by {}: {}", claim.jobId(), id, saved.path());
            } else {
                metrics.renderEnded(backend.name(), RenderOutcome.ABANDONED);
            }
        } catch (BackendUnavailableException e) {
            metrics.renderEnded(backend.name(), RenderOutcome.UNREACHABLE);
            health.unreachable(e.getMessage());
            queue.release(claim);
        } catch (RenderFailedException e) {
            if (active.lost(claim)) {
                metrics.renderEnded(backend.name(), RenderOutcome.ABANDONED);
                queue.abandon(claim); // cancelled or taken back while rendering: not a failure of the job
                return;
            }
            metrics.renderEnded(backend.name(), RenderOutcome.FAILED);
            LOG.warn("Job {}: backend {} failed it on try {}: {}", claim.jobId(), backend.name(), claim.attempts(), e.getMessage());
            queue.failed(claim, e.getMessage(), true);
        } catch (RuntimeException e) {
            metrics.renderEnded(backend.name(), RenderOutcome.FAILED);
            LOG.error("Job {}: rendering failed on {}", claim.jobId(), id, e);
            queue.failed(claim, "Sorry, something went wrong while rendering this picture (job " + claim.jobId() + ").", true);
        } finally {
            active.remove(claim);
            plans.invalidate(claim.jobId());
        }
    }

    /** Progress goes to the database at most once a second: a fast render writes none. */
    private RenderProgress throttled(Claim claim) {
        long[] last = {System.nanoTime()};
        return percent -> {
            long now = System.nanoTime();
            if (now - last[0] >= PROGRESS_EVERY_NANOS && percent < 100) {
                last[0] = now;
                queue.progress(claim, percent);
            }
        };
    }

    /** The same job gets the same seed on every try, so a retried render matches what the steps say. */
    static long seed(long jobId) {
        return Math.floorMod(jobId * 2_654_435_761L, 4_294_967_296L);
    }
}
