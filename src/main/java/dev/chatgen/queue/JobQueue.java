package dev.chatgen.queue;

import dev.chatgen.config.QueueConfig;
import dev.chatgen.store.Database;
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
import java.util.List;
import java.util.Optional;

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
    private static final String WAITING = "('QUEUED', 'PLANNING', 'PLANNED', 'RENDERING')";
    private static final String JOB_COLUMNS = "id, turn_id, conversation_id, attempts";

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
        SubmitResult result = db.inTransaction("submit turn " + s.turnId(), c -> {
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
            if (mine >= config.perUserLimit()) {
                return new SubmitResult.Refused("You already have " + mine + " pictures in the queue, the most one person may have "
                        + "at a time. Wait for one to finish, or cancel one with /cancel.");
            }
            long rank = myLastRank != null ? myLastRank + 1 : frontRank(c);
            long id;
            try (PreparedStatement q = c.prepareStatement("INSERT INTO generation_job (turn_id, conversation_id, platform, requester, "
                    + "reply_target, status, fair_rank, available_at, created_at) VALUES (?, ?, ?, ?, ?, 'QUEUED', ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                q.setLong(1, s.turnId());
                q.setLong(2, s.conversationId());
                q.setString(3, s.platform());
                q.setString(4, Sql.fit(s.requester(), 200));
                q.setString(5, Sql.fit(s.replyTarget(), 1024));
                q.setLong(6, rank);
                q.setObject(7, Sql.at(now));
                q.setObject(8, Sql.at(now));
                q.executeUpdate();
                id = Sql.generatedId(q);
            }
            return new SubmitResult.Accepted(id, position(c, id, rank));
        });
        if (result instanceof SubmitResult.Accepted a) {
            LOG.debug("Job {} queued for {} at position {}", a.jobId(), s.requester(), a.position());
            work.ring();
        }
        return result;
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

    private static long frontRank(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT MIN(fair_rank) FROM generation_job WHERE status IN ('QUEUED', 'PLANNED')");
             ResultSet r = q.executeQuery()) {
            r.next();
            long min = r.getLong(1);
            return r.wasNull() ? 0 : min;
        }
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

    /** Takes the next job to plan, in fair order. */
    public Optional<Claim> claimPlanning(String worker) {
        return db.inTransaction("claim a job to plan", c -> {
            Instant now = clock.instant();
            Optional<Claim> claim = first(c, "status = 'QUEUED' AND available_at <= ?", List.of(Sql.at(now)), worker);
            if (claim.isPresent()) {
                lease(c, claim.get(), "PLANNING", now, false);
            }
            return claim;
        });
    }

    /**
     * Takes the next job to render. In order: a job passed over for longer than the affinity
     * bound; else the first in fair order that uses the loaded checkpoint; else the first in fair order.
     */
    public Optional<Claim> claimRender(String worker, Optional<String> loadedCheckpoint) {
        return db.inTransaction("claim a job to render", c -> {
            Instant now = clock.instant();
            Optional<Claim> claim = first(c, "status = 'PLANNED' AND available_at <= ? AND created_at <= ?",
                    List.of(Sql.at(now), Sql.at(now.minus(config.affinityMaxWait()))), worker);
            if (claim.isEmpty() && loadedCheckpoint.isPresent()) {
                claim = first(c, "status = 'PLANNED' AND available_at <= ? AND checkpoint = ?",
                        List.of(Sql.at(now), loadedCheckpoint.get()), worker);
            }
            if (claim.isEmpty()) {
                claim = first(c, "status = 'PLANNED' AND available_at <= ?", List.of(Sql.at(now)), worker);
            }
            if (claim.isPresent()) {
                lease(c, claim.get(), "RENDERING", now, true);
                return Optional.of(new Claim(claim.get().jobId(), worker, claim.get().turnId(), claim.get().conversationId(),
                        claim.get().attempts() + 1));
            }
            return claim;
        });
    }

    private static Optional<Claim> first(Connection c, String where, List<Object> params, String worker) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM generation_job WHERE " + where
                + " ORDER BY fair_rank, id FETCH FIRST 1 ROWS ONLY FOR UPDATE SKIP LOCKED")) {
            for (int i = 0; i < params.size(); i++) {
                q.setObject(i + 1, params.get(i));
            }
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(new Claim(r.getLong(1), worker, r.getLong(2), r.getLong(3), r.getInt(4))) : Optional.empty();
            }
        }
    }

    private void lease(Connection c, Claim claim, String status, Instant now, boolean countAttempt) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("UPDATE generation_job SET status = ?, lease_owner = ?, lease_until = ?, "
                + "attempts = attempts + ?, progress = 0 WHERE id = ?")) {
            q.setString(1, status);
            q.setString(2, claim.worker());
            q.setObject(3, Sql.at(now.plus(config.lease())));
            q.setInt(4, countAttempt ? 1 : 0);
            q.setLong(5, claim.jobId());
            q.executeUpdate();
        }
    }

    /** Records the plan and puts the job in line for a GPU; false when the lease was lost meanwhile. */
    public boolean planned(Claim claim, String checkpoint, String planJson, String traceJson) {
        boolean kept = db.inTransaction("store plan of job " + claim.jobId(), c -> {
            Instant now = clock.instant();
            if (!stillMine(c, claim, "PLANNING")) {
                return false;
            }
            if (cancelRequested(c, claim.jobId())) {
                finish(c, claim.jobId(), JobStatus.CANCELLED, null, now);
                return false;
            }
            try (PreparedStatement q = c.prepareStatement("DELETE FROM step_trace WHERE job_id = ?")) {
                q.setLong(1, claim.jobId()); // a plan left by a worker that lost its lease
                q.executeUpdate();
            }
            try (PreparedStatement q = c.prepareStatement("INSERT INTO step_trace (job_id, plan_json, trace_json, created_at) VALUES (?, ?, ?, ?)")) {
                q.setLong(1, claim.jobId());
                q.setString(2, planJson);
                q.setString(3, traceJson);
                q.setObject(4, Sql.at(now));
                q.executeUpdate();
            }
            try (PreparedStatement q = c.prepareStatement("UPDATE generation_job SET status = 'PLANNED', checkpoint = ?, lease_owner = NULL, "
                    + "lease_until = NULL, available_at = ? WHERE id = ?")) {
                q.setString(1, Sql.fit(checkpoint, 200));
                q.setObject(2, Sql.at(now));
                q.setLong(3, claim.jobId());
                q.executeUpdate();
            }
            return true;
        });
        if (kept) {
            work.ring();
        }
        return kept;
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
            if (!stillMine(c, claim, "RENDERING")) {
                return false;
            }
            if (cancelRequested(c, claim.jobId())) {
                finish(c, claim.jobId(), JobStatus.CANCELLED, null, now);
                return false;
            }
            try (PreparedStatement q = c.prepareStatement("INSERT INTO image (job_id, stored_path, sha256, width, height, backend, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                q.setLong(1, claim.jobId());
                q.setString(2, image.path().toString());
                q.setString(3, image.sha256());
                q.setInt(4, image.width());
                q.setInt(5, image.height());
                q.setString(6, image.backend());
                q.setObject(7, Sql.at(now));
                q.executeUpdate();
            }
            finish(c, claim.jobId(), JobStatus.DONE, null, now);
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
            String phase = currentStatus(c, claim);
            if (phase == null) {
                return false;
            }
            if (retryable && claim.attempts() < config.maxAttempts()) {
                String back = phase.equals("PLANNING") ? "QUEUED" : "PLANNED";
                try (PreparedStatement q = c.prepareStatement("UPDATE generation_job SET status = ?, lease_owner = NULL, lease_until = NULL, "
                        + "available_at = ?, error = ? WHERE id = ?")) {
                    q.setString(1, back);
                    q.setObject(2, Sql.at(now.plus(backoff(claim.attempts()))));
                    q.setString(3, Sql.fit(reason, 2000));
                    q.setLong(4, claim.jobId());
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
            String phase = currentStatus(c, claim);
            if (phase == null) {
                return null;
            }
            try (PreparedStatement q = c.prepareStatement("UPDATE generation_job SET status = ?, lease_owner = NULL, lease_until = NULL, "
                    + "available_at = ?, attempts = attempts - ? WHERE id = ?")) {
                q.setString(1, phase.equals("PLANNING") ? "QUEUED" : "PLANNED");
                q.setObject(2, Sql.at(clock.instant()));
                q.setInt(3, phase.equals("RENDERING") ? 1 : 0);
                q.setLong(4, claim.jobId());
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
                    + "AND status IN ('PLANNING', 'RENDERING') AND cancel_requested = FALSE")) {
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
            if (currentStatus(c, claim) != null && cancelRequested(c, claim.jobId())) {
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
                    + "WHERE status IN ('PLANNING', 'RENDERING') AND lease_until < ? FOR UPDATE SKIP LOCKED")) {
                q.setObject(1, Sql.at(now));
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        expired.add(new Expired(r.getLong(1), r.getString(2), r.getInt(3), r.getString(4)));
                    }
                }
            }
            for (Expired e : expired) {
                // A planning crash is counted here; a render was counted when claimed.
                int attempts = e.status().equals("PLANNING") ? e.attempts() + 1 : e.attempts();
                if (attempts >= config.maxAttempts()) {
                    String reason = "Sorry, this picture failed: the worker making it stopped " + attempts + " times.";
                    finish(c, e.id(), JobStatus.FAILED, reason, now);
                    Outbox.add(c, e.id(), "FAILED", reason, now);
                    failedFor.add(e.id() + " (" + e.owner() + ")");
                } else {
                    try (PreparedStatement q = c.prepareStatement("UPDATE generation_job SET status = ?, lease_owner = NULL, lease_until = NULL, "
                            + "attempts = ?, available_at = ?, error = ? WHERE id = ?")) {
                        q.setString(1, e.status().equals("PLANNING") ? "QUEUED" : "PLANNED");
                        q.setInt(2, attempts);
                        q.setObject(3, Sql.at(now.plus(backoff(attempts))));
                        q.setString(4, "lease of " + e.owner() + " expired");
                        q.setLong(5, e.id());
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
    public java.util.Map<JobStatus, Long> counts() {
        return db.inTransaction("count jobs", c -> {
            java.util.Map<JobStatus, Long> counts = new java.util.EnumMap<>(JobStatus.class);
            try (PreparedStatement q = c.prepareStatement("SELECT status, COUNT(*) FROM generation_job GROUP BY status");
                 ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    counts.put(JobStatus.valueOf(r.getString(1)), r.getLong(2));
                }
            }
            return counts;
        });
    }

    Duration backoff(int attempts) {
        long factor = 1L << Math.min(Math.max(attempts - 1, 0), 16);
        return config.retryBackoff().multipliedBy(factor);
    }

    private static boolean stillMine(Connection c, Claim claim, String status) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT id FROM generation_job WHERE id = ? AND lease_owner = ? AND status = ? FOR UPDATE")) {
            q.setLong(1, claim.jobId());
            q.setString(2, claim.worker());
            q.setString(3, status);
            try (ResultSet r = q.executeQuery()) {
                return r.next();
            }
        }
    }

    /** The phase the claim still holds, or null when it lost the lease. */
    private static String currentStatus(Connection c, Claim claim) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT status FROM generation_job WHERE id = ? AND lease_owner = ? "
                + "AND status IN ('PLANNING', 'RENDERING') FOR UPDATE")) {
            q.setLong(1, claim.jobId());
            q.setString(2, claim.worker());
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
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
