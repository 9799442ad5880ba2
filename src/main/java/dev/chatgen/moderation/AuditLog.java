package dev.chatgen.moderation;

import dev.chatgen.store.Database;
import dev.chatgen.store.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Who changed what moderation setting, when, from what to what; kept for moderators to read back. */
public final class AuditLog {
    private final Database db;

    public AuditLog(Database db) {
        this.db = db;
    }

    /** One change: {@code subject} is the scope, {@code detail} the before and after. */
    public record Entry(Instant at, String platform, String actor, String action, String subject, String detail) {
        @Override
        public String toString() {
            return at + "  " + actor + " (" + platform + ")  " + action + "  " + subject + "  " + detail;
        }
    }

    /** Writes the entry in the caller's transaction, so a change and its audit row commit together. */
    void record(Connection c, Entry e) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_log (at, platform, actor, action, subject, detail) "
                + "VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setObject(1, Sql.at(e.at()));
            s.setString(2, Sql.fit(e.platform(), 32));
            s.setString(3, Sql.fit(e.actor(), 128));
            s.setString(4, Sql.fit(e.action(), 64));
            s.setString(5, Sql.fit(e.subject(), 200));
            s.setString(6, Sql.fit(e.detail(), 2000));
            s.executeUpdate();
        }
    }

    /** The latest entries, newest first; only those about {@code subject} when given. */
    public List<Entry> recent(Optional<String> subject, int limit) {
        return db.inTransaction("read the audit log", c -> {
            List<Entry> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT at, platform, actor, action, subject, detail FROM audit_log "
                    + (subject.isPresent() ? "WHERE subject = ? " : "") + "ORDER BY at DESC, id DESC FETCH FIRST " + limit + " ROWS ONLY")) {
                if (subject.isPresent()) {
                    s.setString(1, subject.get());
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new Entry(Sql.instant(r, "at"), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6)));
                    }
                }
            }
            return out;
        });
    }
}
