package dev.chatgen.queue;

import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.engine.PlanJson;
import dev.chatgen.engine.StepTrace;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.store.Database;
import dev.chatgen.store.Sql;
import dev.chatgen.store.SkipLocked;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Replies waiting to be posted. A row is written in the transaction that finishes its job; a
 * dispatcher claims it under a short lease, posts it and marks it delivered. A dispatcher that
 * dies between posting and marking leaves the row to be posted again with the same idempotency
 * key, which the adapter uses so that the platform shows it once.
 */
public final class Outbox {
    private final Database db;
    private final Clock clock;
    private final ModelCatalog catalog;

    public Outbox(Database db, Clock clock, ModelCatalog catalog) {
        this.db = db;
        this.clock = clock;
        this.catalog = catalog;
    }

    static void add(Connection c, long jobId, String outcome, String message, Instant now) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("INSERT INTO outbox (job_id, platform, outcome, message, created_at) "
                + "SELECT id, platform, ?, ?, ? FROM generation_job WHERE id = ?")) {
            q.setString(1, outcome);
            q.setString(2, Sql.fit(message, 2000));
            q.setObject(3, Sql.at(now));
            q.setLong(4, jobId);
            q.executeUpdate();
        }
    }

    /** Claims up to {@code limit} undelivered replies of one platform for {@code claimFor}. */
    public List<Reply> claim(String platform, String dispatcher, Duration claimFor, int limit) {
        return db.inTransaction("claim replies for " + platform, c -> {
            Instant now = clock.instant();
            List<Long> ids = new ArrayList<>();
            long next;
            while (ids.size() < limit && (next = SkipLocked.lockFirst(c, "outbox", "platform = ? AND delivered_at IS NULL "
                    + "AND (claim_until IS NULL OR claim_until < ?)" + notIn(ids), "id", List.of(platform, Sql.at(now)))) >= 0) {
                ids.add(next);
            }
            List<Reply> replies = new ArrayList<>();
            for (long id : ids) {
                try (PreparedStatement q = c.prepareStatement("UPDATE outbox SET claimed_by = ?, claim_until = ?, attempts = attempts + 1 WHERE id = ?")) {
                    q.setString(1, dispatcher);
                    q.setObject(2, Sql.at(now.plus(claimFor)));
                    q.setLong(3, id);
                    q.executeUpdate();
                }
                replies.add(load(c, id));
            }
            return replies;
        });
    }

    private static String notIn(List<Long> ids) {
        return ids.isEmpty() ? "" : " AND id NOT IN (" + String.join(", ", ids.stream().map(String::valueOf).toList()) + ")";
    }

    /** Marks the reply posted, with the platform's id of the message (replies to it continue the conversation). */
    public void delivered(Reply reply, String platformMessageId) {
        db.inTransaction("mark reply of job " + reply.jobId() + " delivered", c -> {
            try (PreparedStatement q = c.prepareStatement("UPDATE outbox SET delivered_at = ?, platform_message_id = ?, claimed_by = NULL, "
                    + "claim_until = NULL WHERE id = ?")) {
                q.setObject(1, Sql.at(clock.instant()));
                q.setString(2, Sql.fit(platformMessageId, 128));
                q.setLong(3, reply.outboxId());
                return q.executeUpdate();
            }
        });
    }

    /** Posting failed in a way worth retrying later: let the claim lapse at once. */
    public void retryLater(Reply reply, Duration after) {
        db.inTransaction("put back reply of job " + reply.jobId(), c -> {
            try (PreparedStatement q = c.prepareStatement("UPDATE outbox SET claimed_by = NULL, claim_until = ? WHERE id = ?")) {
                q.setObject(1, Sql.at(clock.instant().plus(after)));
                q.setLong(2, reply.outboxId());
                return q.executeUpdate();
            }
        });
    }

    /** How many replies wait to be posted for this platform. */
    public int pending(String platform) {
        return db.inTransaction("count pending replies", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM outbox WHERE platform = ? AND delivered_at IS NULL")) {
                q.setString(1, platform);
                try (ResultSet r = q.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            }
        });
    }

    /** The job whose reply is this platform message, and its conversation: a reply to it continues that conversation. */
    public Optional<PostedJob> jobOfPostedMessage(String platform, String platformMessageId) {
        return db.inTransaction("find posted message", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT o.job_id, j.conversation_id FROM outbox o JOIN generation_job j ON j.id = o.job_id "
                    + "WHERE o.platform = ? AND o.platform_message_id = ?")) {
                q.setString(1, platform);
                q.setString(2, platformMessageId);
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? Optional.of(new PostedJob(r.getLong(1), r.getLong(2))) : Optional.empty();
                }
            }
        });
    }

    /** A job whose reply was posted, and the conversation it belongs to. */
    public record PostedJob(long jobId, long conversationId) {
    }

    /** The steps of a job, for a "Show steps" click long after the reply was posted. */
    public Optional<Steps> steps(long jobId) {
        return db.inTransaction("read steps of job " + jobId, c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT plan_json, trace_json FROM step_trace WHERE job_id = ?")) {
                q.setLong(1, jobId);
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? Steps.read(r.getString(1), r.getString(2), catalog) : Optional.empty();
                }
            }
        });
    }

    private Reply load(Connection c, long outboxId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT o.id, o.job_id, o.outcome, o.message, o.attempts, j.reply_target, j.requester, "
                + "i.stored_path, t.plan_json, t.trace_json, i.ran_notes FROM outbox o JOIN generation_job j ON j.id = o.job_id "
                + "LEFT JOIN image i ON i.job_id = o.job_id LEFT JOIN step_trace t ON t.job_id = o.job_id WHERE o.id = ?")) {
            q.setLong(1, outboxId);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                Optional<Steps> steps = Steps.read(r.getString(9), r.getString(10), catalog);
                String path = r.getString(8);
                return new Reply(r.getLong(1), r.getLong(2), r.getString(6), r.getString(7),
                        r.getString(3).equals("DONE"), Optional.ofNullable(r.getString(4)),
                        Optional.ofNullable(path).map(Path::of), steps, r.getInt(5),
                        Optional.ofNullable(r.getString(11)).filter(n -> !n.isBlank()));
            }
        }
    }

    /** The plan and trace of a job, as "Show steps" shows them. */
    public record Steps(GenerationPlan plan, StepTrace trace) {
        static Optional<Steps> read(String planJson, String traceJson, ModelCatalog catalog) {
            if (planJson == null || traceJson == null) {
                return Optional.empty();
            }
            try {
                return PlanJson.readPlan(PlanJson.JSON.readTree(planJson), catalog)
                        .map(plan -> new Steps(plan, readTrace(traceJson)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return Optional.empty();
            }
        }

        private static StepTrace readTrace(String json) {
            try {
                return PlanJson.readTrace(PlanJson.JSON.readTree(json));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("stored trace is not JSON", e);
            }
        }
    }
}
