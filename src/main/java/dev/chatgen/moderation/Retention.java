package dev.chatgen.moderation;

import dev.chatgen.store.Database;
import dev.chatgen.store.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps stored conversations, jobs and pictures for a set period: older ones are deleted, rows in
 * batches of their own transactions (a big first purge holds no huge transaction or lock) and
 * files after the commit that removed their rows. A job still waiting or running is never
 * touched, however old, nor is its turn.
 */
public final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    static final int BATCH = 500;

    private final Database db;
    private final Duration keep;
    private final Clock clock;
    private final int batch;

    public Retention(Database db, Duration keep, Clock clock) {
        this(db, keep, clock, BATCH);
    }

    Retention(Database db, Duration keep, Clock clock, int batch) {
        if (keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("the retention period must be positive, was " + keep);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, was " + batch);
        }
        this.db = db;
        this.keep = keep;
        this.clock = clock;
        this.batch = batch;
    }

    /** How many rows of each kind one purge deleted. */
    public record Purged(int jobs, int turns, int attachments, int images, int conversations) {
        public boolean isEmpty() {
            return jobs == 0 && turns == 0 && attachments == 0 && images == 0 && conversations == 0;
        }
    }

    /** Deletes what is older than the period: finished jobs, then turns no job needs, then empty conversations. */
    public Purged purgeOnce() {
        Instant cutoff = clock.instant().minus(keep);
        Object at = Sql.at(cutoff);
        // Jobs first: their turns are then free to go. COALESCE: a finished job missing its time goes by its age.
        Erasure.Removed jobs = Erasure.inBatches(db, "purge finished jobs before " + cutoff, batch,
                (c, after, limit) -> Erasure.ids(c, "SELECT id FROM generation_job WHERE status IN ('DONE', 'FAILED', 'CANCELLED') "
                        + "AND COALESCE(finished_at, created_at) < ? AND id > ? ORDER BY id FETCH FIRST " + limit + " ROWS ONLY",
                        List.of(at, after)),
                Erasure::deleteJobs);
        Erasure.Removed turns = Erasure.inBatches(db, "purge turns before " + cutoff, batch,
                (c, after, limit) -> Erasure.ids(c, "SELECT id FROM turn t WHERE created_at < ? AND id > ? "
                        + "AND NOT EXISTS (SELECT 1 FROM generation_job j WHERE j.turn_id = t.id) ORDER BY id FETCH FIRST " + limit
                        + " ROWS ONLY", List.of(at, after)),
                Erasure::deleteTurns);
        // Only conversations started before the cutoff: a newer empty one is being written to right now.
        Erasure.Removed conversations = Erasure.inBatches(db, "purge empty conversations before " + cutoff, batch,
                (c, after, limit) -> Erasure.ids(c, "SELECT id FROM conversation v WHERE started_at < ? AND id > ? AND " + Erasure.EMPTY
                        + " ORDER BY id FETCH FIRST " + limit + " ROWS ONLY", List.of(at, after)),
                Erasure::deleteEmptyConversations);
        return new Purged(jobs.jobs(), turns.turns(), turns.attachments(), jobs.images(), conversations.conversations());
    }

    /**
     * Purges now and then every {@code every} after the last purge ended. A failed purge is logged
     * and the next one runs as planned: a dead schedule would keep data forever, silently.
     */
    public ScheduledFuture<?> schedule(ScheduledExecutorService executor, Duration every) {
        return executor.scheduleWithFixedDelay(this::purgeLogged, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void purgeLogged() {
        try {
            Purged p = purgeOnce();
            if (!p.isEmpty()) {
                LOG.info("Retention: deleted {} jobs, {} images, {} turns, {} attachments, {} conversations older than {}",
                        p.jobs(), p.images(), p.turns(), p.attachments(), p.conversations(), keep);
            }
        } catch (RuntimeException e) {
            LOG.error("Retention purge failed; trying again at the next run: {}", e.getMessage(), e);
        }
    }
}
