package dev.chatgen.queue;

import dev.chatgen.config.QueueConfig;
import dev.chatgen.ops.QueueDepth;
import dev.chatgen.store.Database;
import dev.chatgen.store.SkipLocked;
import dev.chatgen.store.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The generation job table as a queue that H2 and PostgreSQL both run: jobs are claimed with
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} under a lease, so several workers (threads or
 * processes) never take the same job, and a job whose worker died is taken again.
 * <p>
 * Fairness: each job gets a rank when submitted, one past the requester's own latest waiting job,
 * or the front rank of the queue for someone with nothing waiting; claiming in (rank, id) order
 * then serves people round-robin.
 */
public final class JobQueue {
    private static final Logger LOG = LoggerFactory.getLogger(JobQueue.class);
    private static final String WAITING = "('QUEUED', 'PLANNED', 'RENDERING')";
    private static final String JOB_COLUMNS = "id, turn_id, conversation_id, attempts";
    private static final String FAIR_ORDER = "fair_rank, id";

    private final Database db;
    private final QueueConfig config;
    private final Clock clock;
    private final Doorbell work;
    private final Doorbell replies;

    public JobQueue(Database db, QueueConfig config, Clock clock, Doorbell work, Doorbell replies) {
        this.db = db;
        this.config = config;
        this.clock = clock;
        this.work = work;
        this.replies = replies;
    }

    public QueueConfig config() {
        return config;
    }

    /** Stores the job as QUEUED and tells its place in line, or refuses it when the requester's queue is full. */
    public SubmitResult submit(Submission s) {
        SubmitResult result = db.inTransaction("submit turn " + s.turnId(), c -> submit(c, s));
        if (result instanceof SubmitResult.Accepted) {
            announce();
        }
        return result;
    }

    /** Wakes this process's idle workers: call after committing a {@link #submit(Connection, Submission)}. */
    public void announce() {
        work.ring();
    }

    /** {@link #submit(Submission)} inside the caller's transaction (the one that stores its turn). */
    public SubmitResult submit(Connection c, Submission s) throws SQLException {
        {
            Instant now = clock.instant();
            long mine = 0;
            Long myLastRank = null;
            try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*), MAX(fair_rank) FROM generation_job "
                    + "WHERE requester = ? AND status IN " + WAITING)) {
                q.setString(1, s.requester());
                try (ResultSet r = q.executeQuery()) {
                    r.next();
                    mine = r.getLong(1);
                    long max = r.getLong(2);
                    myLastRank = r.wasNull() ? null : max;
                }
            }
            if (mine >= config.perUserLimit() && !s.standing().moderator()) {
                return new SubmitResult.Refused("You already have " + mine + " pictures in the queue, the most one person may have "
                        + "at a time. Wait for one to finish, or cancel one with /cancel.");
            }
            long rank = myLastRank != null ? myLastRank + 1 : frontRank(c);
            long id;
            try (PreparedStatement q = c.prepareStatement("INSERT INTO generation_job (turn_id, conversation_id, platform, requester, "
                    + "reply_target, status, fair_rank, available_at, created_at, adult_ok) VALUES (?, ?, ?, ?, ?, 'QUEUED', ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                q.setLong(1, s.turnId());
                q.setLong(2, s.conversationId());
                q.setString(3, s.platform());
                q.setString(4, Sql.fit(s.requester(), 200));
                q.setString(5, Sql.fit(s.replyTarget(), 1024));
                q.setLong(6, rank);
                q.setObject(7, Sql.at(now));
                q.setObject(8, Sql.at(now));
                q.setBoolean(9, s.standing().adultPlace());
                q.executeUpdate();
                id = Sql.generatedId(q);
            }
            return new SubmitResult.Accepted(id, position(c, id, rank));
        }
    }

    /** The job of this turn, if one was submitted (a redelivered message must not queue twice). */
    public Optional<Long> jobOfTurn(long turnId) {
        return db.inTransaction("find job of turn " + turnId, c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT id FROM generation_job WHERE turn_id = ?")) {
                q.setLong(1, turnId);
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
                }
            }
        });
    }

    /** The lowest rank still waiting; one ordered index lookup per waiting state. */
    private static long frontRank(Connection c) throws SQLException {
        long front = Long.MAX_VALUE;
        for (String status : List.of("QUEUED", "PLANNED")) {
            try (PreparedStatement q = c.prepareStatement("SELECT fair_rank FROM generation_job WHERE status = ? "
                    + "ORDER BY fair_rank FETCH FIRST 1 ROWS ONLY")) {
                q.setString(1, status);
                try (ResultSet r = q.executeQuery()) {
                    if (r.next()) {
                        front = Math.min(front, r.getLong(1));
                    }
                }
            }
        }
        return front == Long.MAX_VALUE ? 0 : front;
    }

    /** 1 + the number of jobs waiting ahead of this one in claim order. */
    private static int position(Connection c, long id, long rank) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM generation_job WHERE status IN ('QUEUED', 'PLANNED') "
                + "AND (fair_rank < ? OR (fair_rank = ? AND id < ?))")) {
            q.setLong(1, rank);
            q.setLong(2, rank);
            q.setLong(3, id);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return (int) r.getLong(1) + 1;
            }
        }
    }

    /** What planning a job came to, decided by the planner while the job is held. */
    public sealed interface Planning {
        /** The plan and its trace as JSON, and the checkpoint it needs loaded. */
        record Planned(String checkpoint, String planJson, String traceJson) implements Planning {
        }

        /** The request gives nothing to plan; the job fails at once with this message for the person. */
        record NothingToPlan(String message) implements Planning {
        }
    }

    /** A job planned by {@link #planNext}, with the render claim when the planner may render it at once. */
    public record PlanStep(long jobId, Optional<Claim> renderNow) {
    }

    /**
     * Takes the next job in fair order and plans it inside the same transaction: planning takes
     * milliseconds, and a worker that dies meanwhile simply never commits, leaving the job queued.
     * When {@code mayRenderNow} and no planned job waits for a GPU, the job goes straight to this
     * worker's render (one commit instead of two); otherwise it joins the GPU line.
     */
    public Optional<PlanStep> planNext(String worker, boolean mayRenderNow, Function<Claim, Planning> planner) {
        boolean[] rings = {false, false}; // work, replies
        Optional<PlanStep> step = db.inTransaction("plan a job", c -> {
            Instant now = clock.instant();
            Optional<Claim> claimed = first(c, "status = 'QUEUED' AND available_at <= ?", FAIR_ORDER, List.of(Sql.at(now)), worker);
            if (claimed.isEmpty()) {
                return Optional.<PlanStep>empty();
            }
            Claim job = claimed.get();
            Planning planning;
            try {
                planning = planner.apply(job);
            } catch (RuntimeException e) {
                LOG.error("Job {}: planning failed on {}", job.jobId(), worker, e);
                rings[1] = planningFailed(c, job, clock.instant());
                return Optional.of(new PlanStep(job.jobId(), Optional.empty()));
            }
            // Planning takes milliseconds embedded, but up to twice llm.timeout with LLM stages: the lease starts now.
            now = clock.instant();
            if (planning instanceof Planning.NothingToPlan n) {
                finish(c, job.jobId(), JobStatus.FAILED, n.message(), now);
                Outbox.add(c, job.jobId(), "FAILED", n.message(), now);
                rings[1] = true;
                return Optional.of(new PlanStep(job.jobId(), Optional.empty()));
            }
            Planning.Planned p = (Planning.Planned) planning;
            try (PreparedStatement q = c.prepareStatement("INSERT INTO step_trace (job_id, plan_json, trace_json, created_at) VALUES (?, ?, ?, ?)")) {
                q.setLong(1, job.jobId());
                q.setString(2, p.planJson());
                q.setString(3, p.traceJson());
                q.setObject(4, Sql.at(now));
                q.executeUpdate();
            }
            boolean renderNow = mayRenderNow && !gpuLineWaiting(c, now);
            try (PreparedStatement q = c.prepareStatement("UPDATE generation_job SET status = ?, checkpoint = ?, available_at = ?, "
                    + "lease_owner = ?, lease_until = ?, attempts = attempts + ?, progress = 0 WHERE id = ?")) {
                q.setString(1, renderNow ? "RENDERING" : "PLANNED");
                q.setString(2, Sql.fit(p.checkpoint(), 200));
                q.setObject(3, Sql.at(now));
                q.setString(4, renderNow ? worker : null);
                q.setObject(5, renderNow ? Sql.at(now.plus(config.lease())) : null);
                q.setInt(6, renderNow ? 1 : 0);
                q.setLong(7, job.jobId());
                q.executeUpdate();
            }
            rings[0] = !renderNow;
            return Optional.of(new PlanStep(job.jobId(), renderNow
                    ? Optional.of(new Claim(job.jobId(), worker, job.turnId(), job.conversationId(), job.attempts() + 1))
                    : Optional.empty()));
        });
        if (rings[0]) {
            work.ring();
        }
        if (rings[1]) {
            replies.ring();
        }
        return step;
    }

    /** Whether planned jobs wait for a GPU now: then a fresh plan joins the line instead of jumping it. */
    private static boolean gpuLineWaiting(Connection c, Instant now) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT id FROM generation_job WHERE status = 'PLANNED' AND available_at <= ? "
                + "FETCH FIRST 1 ROWS ONLY")) {
            q.setObject(1, Sql.at(now));
            try (ResultSet r = q.executeQuery()) {
                return r.next();
            }
        }
    }

    /** A planning crash counts as an attempt; returns whether the job failed for good. */
    private boolean planningFailed(Connection c, Claim job, Instant now) throws SQLException {
        int attempts = job.attempts() + 1;
        String reason = "Sorry, something went wrong while planning this picture (job " + job.jobId() + ").";
        if (attempts >= config.maxAttempts()) {
            finish(c, job.jobId(), JobStatus.FAILED, reason, now);
            Outbox.add(c, job.jobId(), "FAILED", reason, now);
            return true;
        }
        try (PreparedStatement q = c.prepareStatement("UPDATE generation_job SET attempts = ?, available_at = ?, error = ? WHERE id = ?")) {
            q.setInt(1, attempts);
            q.setObject(2, Sql.at(now.plus(backoff(attempts))));
            q.setString(3, reason);
            q.setLong(4, job.jobId());
            q.executeUpdate();
        }
        return false;
    }

    /**
     * Takes the next job to render. In order: a job passed over for longer than the affinity
     * bound; else the first in fair order that uses the loaded checkpoint; else the first in fair order.
     */
    public Optional<Claim> claimRender(String worker, Optional<String> loadedCheckpoint) {
        return claimRender(worker, loadedCheckpoint, Optional.empty());
    }

    /**
     * As {@link #claimRender(String, Optional)}, among the jobs whose checkpoint is in
     * {@code installed} when given (the checkpoints this worker's backend has).
     */
    public Optional<Claim> claimRender(String worker, Optional<String> loadedCheckpoint, Optional<Set<String>> installed) {
        if (installed.isPresent() && installed.get().isEmpty()) {
            return Optional.empty();
        }
        String only = installed.map(ids -> " AND checkpoint IN (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")")
                .orElse("");
        List<Object> onlyIds = installed.<List<Object>>map(ArrayList::new).orElse(List.of());
        return db.inTransaction("claim a job to render", c -> {
            Instant now = clock.instant();
            Optional<Claim> claim = first(c, "status = 'PLANNED' AND created_at <= ? AND available_at <= ?" + only, "created_at, id",
                    concat(List.of(Sql.at(now.minus(config.affinityMaxWait())), Sql.at(now)), onlyIds), worker);
            if (claim.isEmpty() && loadedCheckpoint.isPresent()) {
                claim = first(c, "status = 'PLANNED' AND checkpoint = ? AND available_at <= ?" + only, FAIR_ORDER,
                        concat(List.of(loadedCheckpoint.get(), Sql.at(now)), onlyIds), worker);
            }
            if (claim.isEmpty()) {
                claim = first(c, "status = 'PLANNED' AND available_at <= ?" + only, FAIR_ORDER, concat(List.of(Sql.at(now)), onlyIds), worker);
            }
            if (claim.isPresent()) {
                lease(c, claim.get(), now);
                return Optional.of(new Claim(claim.get().jobId(), worker, claim.get().turnId(), claim.get().conversationId(),
                        claim.get().attempts() + 1));
            }
            return claim;
        });
    }

    private static List<Object> concat(List<Object> a, List<Object> b) {
        List<Object> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Optional<Claim> first(Connection c, String where, String order, List<Object> params, String worker) throws SQLException {
        return Optional.ofNullable(SkipLocked.lockFirst(c, "generation_job", JOB_COLUMNS, where, order, params,
                r -> new Claim(r.getLong(1), worker, r.getLong(2), r.getLong(3), r.getInt(4))));
    }

    /** Takes the job for rendering under lease; a render try counts as an attempt. */
    private void lease(Connection c, Claim claim, Instant now) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("UPDATE generation_job SET status = 'RENDERING', lease_owner = ?, lease_until = ?, "
                + "attempts = attempts + 1, progress = 0 WHERE id = ?")) {
            q.setString(1, claim.worker());
            q.setObject(2, Sql.at(now.plus(config.lease())));
            q.setLong(3, claim.jobId());
            q.executeUpdate();
        }
    }

    /**
     * Finishes the job: the image row and the reply to post are written in the same transaction,
     * so a crash after this posts the reply without rendering again, and a crash before it renders
     * again without having posted. False when the lease was lost (another worker has the job) or
     * the job was cancelled meanwhile; nothing is posted then.
     */
    public boolean done(Claim claim, ImageRecord image) {
        boolean finished = db.inTransaction("finish job " + claim.jobId(), c -> {
            Instant now = clock.instant();
            // One statement both checks the lease (and that nobody cancelled) and finishes the job.
            try (PreparedStatement q = c.prepareStatement("UPDATE generation_job SET status = 'DONE', finished_at = ?, lease_owner = NULL, "
                    + "lease_until = NULL, progress = 100 WHERE id = ? AND lease_owner = ? AND status = 'RENDERING' AND cancel_requested = FALSE")) {
                q.setObject(1, Sql.at(now));
                q.setLong(2, claim.jobId());
                q.setString(3, claim.worker());
                if (q.executeUpdate() == 0) {
                    if (holding(c, claim, "RENDERING") == Holding.CANCELLED) {
                        finish(c, claim.jobId(), JobStatus.CANCELLED, null, now);
                    }
                    return false;
                }
            }
            try (PreparedStatement q = c.prepareStatement("INSERT INTO image (job_id, stored_path, sha256, width, height, backend, created_at, "
                    + "ran_checkpoint, ran_sampler, ran_seed, ran_notes, render_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                q.setLong(1, claim.jobId());
                q.setString(2, image.path().toString());
                q.setString(3, image.sha256());
                q.setInt(4, image.width());
                q.setInt(5, image.height());
                q.setString(6, image.backend());
                q.setObject(7, Sql.at(now));
                q.setString(8, image.ran().map(r -> Sql.fit(r.checkpoint(), 300)).orElse(null));
                q.setString(9, image.ran().map(r -> Sql.fit(r.sampler(), 100)).orElse(null));
                q.setObject(10, image.ran().map(r -> r.seed()).orElse(null), java.sql.Types.BIGINT);
                q.setString(11, image.ran().map(r -> Sql.fit(String.join("; ", r.notes()), 2000)).orElse(null));
                q.setLong(12, image.took().toMillis());
                q.executeUpdate();
            }
            Outbox.add(c, claim.jobId(), "DONE", null, now);
            return true;
        });
        if (finished) {
            replies.ring();
        }
        return finished;
    }

    /**
     * A try failed. The job waits (doubling backoff) for another try, or, after the last one,
     * fails for good with {@code reason}, which is what the person is told.
     */
    public void failed(Claim claim, String reason, boolean retryable) {
        boolean final_ = db.inTransaction("record failure of job " + claim.jobId(), c -> {
            Instant now = clock.instant();
            if (!rendering(c, claim)) {
                return false;
            }
            if (retryable && claim.attempts() < config.maxAttempts()) {
                try (PreparedStatement q = c.prepareStatement("UPDATE generation_job SET status = 'PLANNED', lease_owner = NULL, "
                        + "lease_until = NULL, available_at = ?, error = ? WHERE id = ?")) {
                    q.setObject(1, Sql.at(now.plus(backoff(claim.attempts()))));
                    q.setString(2, Sql.fit(reason, 2000));
                    q.setLong(3, claim.jobId());
                    q.executeUpdate();
                }
                return false;
            }
            finish(c, claim.jobId(), JobStatus.FAILED, reason, now);
            Outbox.add(c, claim.jobId(), "FAILED", reason, now);
            return true;
        });
        if (final_) {
            replies.ring();
        }
    }

    /** Puts a job back untouched (its backend was unreachable, or this process is stopping): no attempt is counted. */
    public void release(Claim claim) {
        db.inTransaction("release job " + claim.jobId(), c -> {
            if (!rendering(c, claim)) {
                return null;
            }
            try (PreparedStatement q = c.prepareStatement("UPDATE generation_job SET status = 'PLANNED', lease_owner = NULL, lease_until = NULL, "
                    + "available_at = ?, attempts = attempts - 1 WHERE id = ?")) {
                q.setObject(1, Sql.at(clock.instant()));
                q.setLong(2, claim.jobId());
                q.executeUpdate();
            }
            return null;
        });
        work.ring();
    }

    /** Renews the lease; false when it was lost (the job was taken back) or the job was cancelled. */
    public boolean heartbeat(Claim claim) {
        return db.inTransaction("renew lease of job " + claim.jobId(), c -> {
            try (PreparedStatement q = c.prepareStatement("UPDATE generation_job SET lease_until = ? WHERE id = ? AND lease_owner = ? "
                    + "AND status = 'RENDERING' AND cancel_requested = FALSE")) {
                q.setObject(1, Sql.at(clock.instant().plus(config.lease())));
                q.setLong(2, claim.jobId());
                q.setString(3, claim.worker());
                return q.executeUpdate() == 1;
            }
        });
    }

    /** After a failed heartbeat: a job cancelled while running is closed as CANCELLED; a lost lease needs nothing. */
    public void abandon(Claim claim) {
        db.inTransaction("abandon job " + claim.jobId(), c -> {
            if (rendering(c, claim) && cancelRequested(c, claim.jobId())) {
                finish(c, claim.jobId(), JobStatus.CANCELLED, null, clock.instant());
            }
            return null;
        });
    }

    public void progress(Claim claim, int percent) {
        db.inTransaction("record progress of job " + claim.jobId(), c -> {
            try (PreparedStatement q = c.prepareStatement("UPDATE generation_job SET progress = ? WHERE id = ? AND lease_owner = ?")) {
                q.setInt(1, Math.max(0, Math.min(100, percent)));
                q.setLong(2, claim.jobId());
                q.setString(3, claim.worker());
                return q.executeUpdate();
            }
        });
    }

    /**
     * Takes back jobs whose worker stopped renewing its lease (it died or hung): each goes back in
     * line after a backoff, or fails for good once it has used its attempts. Returns how many.
     */
    public int reapExpiredLeases() {
        List<String> failedFor = new ArrayList<>();
        int reaped = db.inTransaction("take back expired leases", c -> {
            Instant now = clock.instant();
            record Expired(long id, String status, int attempts, String owner) {
            }
            List<Expired> expired = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT id, status, attempts, lease_owner FROM generation_job "
                    + "WHERE status = 'RENDERING' AND lease_until < ? FOR UPDATE SKIP LOCKED")) {
                q.setObject(1, Sql.at(now));
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        expired.add(new Expired(r.getLong(1), r.getString(2), r.getInt(3), r.getString(4)));
                    }
                }
            }
            for (Expired e : expired) {
                int attempts = e.attempts(); // counted when the render was claimed
                if (attempts >= config.maxAttempts()) {
                    String reason = "Sorry, this picture failed: the worker making it stopped " + attempts + " times.";
                    finish(c, e.id(), JobStatus.FAILED, reason, now);
                    Outbox.add(c, e.id(), "FAILED", reason, now);
                    failedFor.add(e.id() + " (" + e.owner() + ")");
                } else {
                    try (PreparedStatement q = c.prepareStatement("UPDATE generation_job SET status = 'PLANNED', lease_owner = NULL, "
                            + "lease_until = NULL, available_at = ?, error = ? WHERE id = ?")) {
                        q.setObject(1, Sql.at(now.plus(backoff(attempts))));
                        q.setString(2, "lease of " + e.owner() + " expired");
                        q.setLong(3, e.id());
                        q.executeUpdate();
                    }
                    LOG.warn("Job {}: worker {} stopped renewing its lease; the job goes back in line (attempt {} of {})",
                            e.id(), e.owner(), attempts, config.maxAttempts());
                }
            }
            return expired.size();
        });
        failedFor.forEach(j -> LOG.warn("Job {} failed for good: its worker stopped on every attempt", j));
        if (reaped > 0) {
            work.ring();
            if (!failedFor.isEmpty()) {
                replies.ring();
            }
        }
        return reaped;
    }

    /** The outcome of a cancel request. */
    public enum CancelOutcome { CANCELLED, STOPPING, ALREADY_FINISHED, NOT_FOUND }

    /** Cancels a waiting job at once; a running one stops at its next heartbeat and is never posted. */
    public CancelOutcome cancel(long jobId) {
        return db.inTransaction("cancel job " + jobId, c -> {
            String status;
            try (PreparedStatement q = c.prepareStatement("SELECT status FROM generation_job WHERE id = ? FOR UPDATE")) {
                q.setLong(1, jobId);
                try (ResultSet r = q.executeQuery()) {
                    if (!r.next()) {
                        return CancelOutcome.NOT_FOUND;
                    }
                    status = r.getString(1);
                }
            }
            JobStatus s = JobStatus.valueOf(status);
            if (s.finished()) {
                return CancelOutcome.ALREADY_FINISHED;
            }
            if (s == JobStatus.QUEUED || s == JobStatus.PLANNED) {
                finish(c, jobId, JobStatus.CANCELLED, null, clock.instant());
                return CancelOutcome.CANCELLED;
            }
            try (PreparedStatement q = c.prepareStatement("UPDATE generation_job SET cancel_requested = TRUE WHERE id = ?")) {
                q.setLong(1, jobId);
                q.executeUpdate();
            }
            return CancelOutcome.STOPPING;
        });
    }

    /** The requester's most recent unfinished job, the one /cancel means. */
    public Optional<Long> latestUnfinished(String requester) {
        return db.inTransaction("find latest job of " + requester, c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT id FROM generation_job WHERE requester = ? AND status IN " + WAITING
                    + " ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")) {
                q.setString(1, requester);
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
                }
            }
        });
    }

    /** A job as the adapters see it, for progress. */
    public record JobState(long id, JobStatus status, int position, int progress, String error) {
    }

    public Optional<JobState> state(long jobId) {
        return db.inTransaction("read job " + jobId, c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT status, fair_rank, progress, error FROM generation_job WHERE id = ?")) {
                q.setLong(1, jobId);
                try (ResultSet r = q.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    JobStatus status = JobStatus.valueOf(r.getString(1));
                    int position = status == JobStatus.QUEUED || status == JobStatus.PLANNED ? position(c, jobId, r.getLong(2)) : 0;
                    return Optional.of(new JobState(jobId, status, position, r.getInt(3), r.getString(4)));
                }
            }
        });
    }

    /** How many jobs are in each state, for health and benchmarks. */
    public Map<JobStatus, Long> counts() {
        return db.inTransaction("count jobs", c -> {
            Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
            try (PreparedStatement q = c.prepareStatement("SELECT status, COUNT(*) FROM generation_job GROUP BY status");
                 ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    counts.put(JobStatus.valueOf(r.getString(1)), r.getLong(2));
                }
            }
            return counts;
        });
    }

    /**
     * The unfinished jobs by state and the age of the oldest one not yet rendering, for /metrics:
     * one range scan of the (status, created_at) index, however many finished jobs the table holds.
     */
    public QueueDepth depth() {
        return db.inTransaction("count unfinished jobs", c -> {
            Instant now = clock.instant();
            Map<JobStatus, Long> jobs = new EnumMap<>(JobStatus.class);
            Instant oldest = null;
            try (PreparedStatement q = c.prepareStatement("SELECT status, COUNT(*), MIN(created_at) AS oldest FROM generation_job "
                    + "WHERE status IN " + WAITING + " GROUP BY status");
                 ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    JobStatus status = JobStatus.valueOf(r.getString(1));
                    jobs.put(status, r.getLong(2));
                    Instant since = Sql.instant(r, "oldest");
                    if (status != JobStatus.RENDERING && since != null && (oldest == null || since.isBefore(oldest))) {
                        oldest = since;
                    }
                }
            }
            Duration waited = oldest == null || oldest.isAfter(now) ? Duration.ZERO : Duration.between(oldest, now);
            return new QueueDepth(jobs.getOrDefault(JobStatus.QUEUED, 0L), jobs.getOrDefault(JobStatus.PLANNED, 0L),
                    jobs.getOrDefault(JobStatus.RENDERING, 0L), waited);
        });
    }

    /** How long ago the job was submitted, for the queue-wait metric; empty when it is gone. */
    public Optional<Duration> waitedSinceQueued(long jobId) {
        return db.inTransaction("read submission time of job " + jobId, c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT created_at FROM generation_job WHERE id = ?")) {
                q.setLong(1, jobId);
                try (ResultSet r = q.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    Duration waited = Duration.between(Sql.instant(r, "created_at"), clock.instant());
                    return Optional.of(waited.isNegative() ? Duration.ZERO : waited);
                }
            }
        });
    }

    Duration backoff(int attempts) {
        long factor = 1L << Math.min(Math.max(attempts - 1, 0), 16);
        return config.retryBackoff().multipliedBy(factor);
    }

    private enum Holding { HELD, LOST, CANCELLED }

    /** Whether the claim still holds the job in this phase (locking the row), and whether someone cancelled it. */
    private static Holding holding(Connection c, Claim claim, String status) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT cancel_requested FROM generation_job WHERE id = ? AND lease_owner = ? "
                + "AND status = ? FOR UPDATE")) {
            q.setLong(1, claim.jobId());
            q.setString(2, claim.worker());
            q.setString(3, status);
            try (ResultSet r = q.executeQuery()) {
                return !r.next() ? Holding.LOST : r.getBoolean(1) ? Holding.CANCELLED : Holding.HELD;
            }
        }
    }

    /** Whether the claim still holds the job's render (locking the row). */
    private static boolean rendering(Connection c, Claim claim) throws SQLException {
        return holding(c, claim, "RENDERING") != Holding.LOST;
    }

    private static boolean cancelRequested(Connection c, long jobId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT cancel_requested FROM generation_job WHERE id = ?")) {
            q.setLong(1, jobId);
            try (ResultSet r = q.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    private static void finish(Connection c, long jobId, JobStatus status, String error, Instant now) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("UPDATE generation_job SET status = ?, error = ?, finished_at = ?, lease_owner = NULL, "
                + "lease_until = NULL, progress = CASE WHEN ? THEN 100 ELSE progress END WHERE id = ?")) {
            q.setString(1, status.name());
            q.setString(2, Sql.fit(error, 2000));
            q.setObject(3, Sql.at(now));
            q.setBoolean(4, status == JobStatus.DONE);
            q.setLong(5, jobId);
            q.executeUpdate();
        }
    }
}
