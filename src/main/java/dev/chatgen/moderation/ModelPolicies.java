package dev.chatgen.moderation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.ModelMask;
import dev.chatgen.store.Database;
import dev.chatgen.store.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which models may be used where, as moderators set it: one {@link ModelPolicy} per scope, stored,
 * every change audited in the same commit. Planning reads them as a mask on stage 2's logits: a
 * model is allowed when the global policy and the place's own (its channel's, else its
 * workspace's) allow it, and a LoRA also needs its base checkpoint allowed.
 */
public final class ModelPolicies {
    private static final Logger LOG = LoggerFactory.getLogger(ModelPolicies.class);
    /** Planning reads policies for every job; other processes' changes show within this. */
    private static final Duration FRESH = Duration.ofSeconds(5);

    private final Database db;
    private final ModelCatalog catalog;
    private final AuditLog audit;
    private final Clock clock;
    private final Cache<Scope, Stored> cache = Caffeine.newBuilder().expireAfterWrite(FRESH).maximumSize(10_000).build();

    public ModelPolicies(Database db, ModelCatalog catalog, AuditLog audit, Clock clock) {
        this.db = db;
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
    }

    /** A scope's policy and whether it was set (an unset channel defers to its workspace). */
    private record Stored(ModelPolicy policy, boolean set) {
        static final Stored UNSET = new Stored(ModelPolicy.EVERYTHING, false);
    }

    /** A moderator's change: the policy before and after. */
    public record Change(Scope scope, ModelPolicy before, ModelPolicy after) {
    }

    public ModelPolicy get(Scope scope) {
        return stored(scope).policy();
    }

    public Change allow(Scope scope, ModelRule rule, String platform, String actor) {
        requireMatchesSomething(rule);
        return change(scope, "allow " + rule, platform, actor, p -> p.allow(rule));
    }

    public Change deny(Scope scope, ModelRule rule, String platform, String actor) {
        requireMatchesSomething(rule);
        return change(scope, "deny " + rule, platform, actor, p -> p.deny(rule));
    }

    /** Back to allowing everything (a channel then follows its workspace again). */
    public Change reset(Scope scope, String platform, String actor) {
        return change(scope, "reset", platform, actor, p -> null);
    }

    /** Whether the model may be used at the place (a LoRA's base checkpoint too). */
    public Predicate<T2IModel> allowedAt(Place place) {
        ModelPolicy global = get(Scope.GLOBAL);
        ModelPolicy local = local(place);
        Predicate<T2IModel> allowed = m -> global.allows(m) && local.allows(m);
        return m -> allowed.test(m) && m.baseCheckpointId().flatMap(catalog::find).map(allowed::test).orElse(true);
    }

    /** The planning mask for the place: its policies on top of {@code base}, and NSFW models where the place allows them. */
    public ModelMask mask(Place place, ModelMask base) {
        ModelMask m = base.and("allowed", allowedAt(place));
        return place.adultContent() ? m.allowingNsfw() : m;
    }

    /** "Allowed here: only tag:anime" and so on, for a request nothing allowed fits; empty when everything is allowed. */
    public String allowedHere(Place place) {
        List<String> parts = new ArrayList<>();
        ModelPolicy global = get(Scope.GLOBAL);
        if (global.mode() != ModelPolicy.Mode.EVERYTHING) {
            parts.add("everywhere, " + global.describe());
        }
        ModelPolicy local = local(place);
        if (local.mode() != ModelPolicy.Mode.EVERYTHING) {
            parts.add("here, " + local.describe());
        }
        if (parts.isEmpty()) {
            return "";
        }
        List<String> examples = catalog.models().stream().filter(allowedAt(place)).filter(m -> !m.nsfw() || place.adultContent())
                .limit(5).map(T2IModel::name).toList();
        return "Allowed " + String.join("; ", parts) + (examples.isEmpty() ? "." : " (for example " + String.join(", ", examples) + ").");
    }

    private ModelPolicy local(Place place) {
        if (!place.channel().isEmpty()) {
            Stored channel = stored(Scope.channel(place.platform(), place.channel()));
            if (channel.set()) {
                return channel.policy();
            }
        }
        return place.workspace().isEmpty() ? ModelPolicy.EVERYTHING : stored(Scope.workspace(place.platform(), place.workspace())).policy();
    }

    private void requireMatchesSomething(ModelRule rule) {
        if (catalog.models().stream().noneMatch(rule::matches)) {
            throw new IllegalArgumentException("No model in the catalog matches " + rule + (rule.kind() == ModelRule.Kind.MODEL
                    ? "; `models show` lists what there is." : "."));
        }
    }

    private Change change(Scope scope, String action, String platform, String actor, java.util.function.UnaryOperator<ModelPolicy> how) {
        Change change = db.inTransaction("change the model policy of " + scope, c -> {
            ModelPolicy before = read(c, scope).policy();
            ModelPolicy after = how.apply(before);
            if (after == null) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM model_policy WHERE scope = ?")) {
                    s.setString(1, scope.key());
                    s.executeUpdate();
                }
                after = ModelPolicy.EVERYTHING;
            } else {
                write(c, scope, after, actor);
            }
            audit.record(c, new AuditLog.Entry(clock.instant(), platform, actor, action, scope.key(),
                    "before: " + before.describe() + "; after: " + after.describe()));
            return new Change(scope, before, after);
        });
        cache.invalidate(scope);
        LOG.info("Model policy of {} changed by {} ({}): {} -> {}", scope, actor, action, change.before().describe(), change.after().describe());
        return change;
    }

    private Stored stored(Scope scope) {
        return cache.get(scope, s -> db.inTransaction("read the model policy of " + s, c -> read(c, s)));
    }

    private static Stored read(Connection c, Scope scope) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT mode, rules FROM model_policy WHERE scope = ?")) {
            s.setString(1, scope.key());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Stored.UNSET;
                }
                List<ModelRule> rules = Arrays.stream(r.getString(2).split("\n")).filter(l -> !l.isBlank()).map(ModelRule::parse).toList();
                return new Stored(new ModelPolicy(ModelPolicy.Mode.valueOf(r.getString(1)), rules), true);
            }
        }
    }

    private void write(Connection c, Scope scope, ModelPolicy p, String actor) throws SQLException {
        String rules = p.rules().stream().map(ModelRule::toString).collect(Collectors.joining("\n"));
        Instant now = clock.instant();
        try (PreparedStatement s = c.prepareStatement("UPDATE model_policy SET mode = ?, rules = ?, updated_by = ?, updated_at = ? WHERE scope = ?")) {
            s.setString(1, p.mode().name());
            s.setString(2, rules);
            s.setString(3, Sql.fit(actor, 200));
            s.setObject(4, Sql.at(now));
            s.setString(5, scope.key());
            if (s.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO model_policy (scope, mode, rules, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, scope.key());
            s.setString(2, p.mode().name());
            s.setString(3, rules);
            s.setString(4, Sql.fit(actor, 200));
            s.setObject(5, Sql.at(now));
            s.executeUpdate();
        }
    }
}
