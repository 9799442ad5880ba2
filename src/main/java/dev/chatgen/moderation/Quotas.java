package dev.chatgen.moderation;

import dev.chatgen.store.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Per-person limits on pictures per hour and per day (rolling windows), counted from the jobs
 * table, so they hold across restarts and across processes. Moderators are exempt. The
 * concurrent limit is the queue's own (queue.per-user-limit).
 */
public final class Quotas {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** Zero means no limit. */
    public record Limits(int perHour, int perDay) {
        public static final Limits NONE = new Limits(0, 0);

        public Limits {
            if (perHour < 0 || perDay < 0) {
                throw new IllegalArgumentException("quota limits must not be negative");
            }
        }
    }

    private final Limits limits;
    private final Clock clock;

    public Quotas(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Why this person may not ask for another picture now, saying how much is left and when it
     * frees up; empty when they may. Runs in the transaction that would queue the job.
     */
    public Optional<String> refusal(Connection c, String requester, boolean moderator) throws SQLException {
        if (moderator) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Window day = window(c, requester, now, Duration.ofDays(1), limits.perDay());
        Window hour = window(c, requester, now, Duration.ofHours(1), limits.perHour());
        if (day.full()) {
            return Optional.of("You've asked for " + day.used() + " pictures in the last 24 hours, the most one person may. "
                    + "The next one frees up at " + TIME.format(day.frees()) + " (in " + minutes(now, day.frees()) + ").");
        }
        if (hour.full()) {
            return Optional.of("You've asked for " + hour.used() + " pictures in the last hour, the most one person may. "
                    + "The next one frees up at " + TIME.format(hour.frees()) + " (in " + minutes(now, hour.frees()) + ")"
                    + (limits.perDay() > 0 ? "; " + (limits.perDay() - day.used()) + " of your " + limits.perDay() + " a day are left." : "."));
        }
        return Optional.empty();
    }

    private record Window(int used, boolean full, Instant frees) {
    }

    private static Window window(Connection c, String requester, Instant now, Duration length, int limit) throws SQLException {
        if (limit == 0) {
            return new Window(0, false, now);
        }
        Instant from = now.minus(length);
        int used;
        Instant oldest;
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) AS used, MIN(created_at) AS oldest FROM generation_job WHERE requester = ? AND created_at > ?")) {
            s.setString(1, requester);
            s.setObject(2, Sql.at(from));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                used = r.getInt(1);
                oldest = used == 0 ? now : Sql.instant(r, "oldest");
            }
        }
        if (used < limit) {
            return new Window(used, false, now);
        }
        // The window frees a place when the oldest job in it leaves; with more than `limit` (a moderator's), when enough have left.
        Instant frees = oldest.plus(length);
        if (used > limit) {
            try (PreparedStatement s = c.prepareStatement("SELECT created_at FROM generation_job WHERE requester = ? AND created_at > ? "
                    + "ORDER BY created_at OFFSET " + (used - limit) + " ROWS FETCH FIRST 1 ROWS ONLY")) {
                s.setString(1, requester);
                s.setObject(2, Sql.at(from));
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        frees = Sql.instant(r, "created_at").plus(length);
                    }
                }
            }
        }
        return new Window(used, true, frees);
    }

    private static String minutes(Instant now, Instant then) {
        long m = Math.max(1, (Duration.between(now, then).toSeconds() + 59) / 60);
        return m >= 120 ? (m / 60) + " hours" : m + (m == 1 ? " minute" : " minutes");
    }
}
