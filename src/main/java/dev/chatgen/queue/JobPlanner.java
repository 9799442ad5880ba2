package dev.chatgen.queue;

import dev.chatgen.chat.Conversations;
import dev.chatgen.chat.History;
import dev.chatgen.engine.Engine;
import dev.chatgen.engine.ModelMask;
import dev.chatgen.engine.PlanJson;
import dev.chatgen.engine.PlanRequest;
import dev.chatgen.engine.PlanResult;
import dev.chatgen.engine.PriorPlan;
import dev.chatgen.moderation.Place;
import dev.chatgen.moderation.PlanGuard;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.chatgen.store.Database;
import dev.chatgen.store.Sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Stage one of a job: the conversation's history (and the bot's own plan being refined, if any)
 * through the engine's three stages.
 */
public final class JobPlanner implements Planner {
    private final Engine engine;
    private final Conversations conversations;
    private final Database db;
    private final Supplier<ModelMask> mask;
    private final PlanGuard guard;

    public JobPlanner(Engine engine, Conversations conversations, Database db) {
        this(engine, conversations, db, ModelMask::safeForWork, PlanGuard.defaults());
    }

    /**
     * @param mask  the models a plan may use now (safe for work, installed on some backend)
     * @param guard moderation: the place's model policies, the safety rules on the words and the written prompt
     */
    public JobPlanner(Engine engine, Conversations conversations, Database db, Supplier<ModelMask> mask, PlanGuard guard) {
        this.engine = engine;
        this.conversations = conversations;
        this.db = db;
        this.mask = mask;
        this.guard = guard;
    }

    @Override
    public PlanResult plan(Claim claim) {
        History history = conversations.history(claim.turnId());
        Optional<PriorPlan> prior = priorPlan(claim, history);
        Place place = place(claim);
        PlanResult result = engine.plan(new PlanRequest(guard.sanitize(history.turns()), history.attachments(),
                guard.mask(place, mask.get()), prior));
        return guard.review(claim.jobId(), place, result);
    }

    /** Where the job was asked for: its conversation's platform, workspace and channel, and whether NSFW models may be used. */
    private Place place(Claim claim) {
        return db.inTransaction("read the place of job " + claim.jobId(), c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT v.platform, v.workspace, v.channel, j.adult_ok FROM generation_job j "
                    + "JOIN conversation v ON v.id = j.conversation_id WHERE j.id = ?")) {
                q.setLong(1, claim.jobId());
                try (ResultSet r = q.executeQuery()) {
                    if (!r.next()) {
                        throw new SQLException("job " + claim.jobId() + " does not exist");
                    }
                    return new Place(r.getString(1), r.getString(2), r.getString(3), r.getBoolean(4));
                }
            }
        });
    }

    /**
     * The plan being refined: the image the request replies to, else the conversation's latest plan
     * made within the history window.
     */
    private Optional<PriorPlan> priorPlan(Claim claim, History history) {
        return db.inTransaction("read the plan job " + claim.jobId() + " continues", c -> {
            String planJson;
            if (history.continuesJob().isPresent()) {
                try (PreparedStatement q = c.prepareStatement("SELECT plan_json FROM step_trace WHERE job_id = ?")) {
                    q.setLong(1, history.continuesJob().get());
                    planJson = firstString(q);
                }
            } else {
                Instant requestAt;
                try (PreparedStatement q = c.prepareStatement("SELECT created_at FROM turn WHERE id = ?")) {
                    q.setLong(1, claim.turnId());
                    try (ResultSet r = q.executeQuery()) {
                        r.next();
                        requestAt = Sql.instant(r, "created_at");
                    }
                }
                try (PreparedStatement q = c.prepareStatement("SELECT t.plan_json FROM step_trace t JOIN generation_job j ON j.id = t.job_id "
                        + "JOIN turn u ON u.id = j.turn_id WHERE j.conversation_id = ? AND j.id < ? AND u.created_at >= ? "
                        + "ORDER BY j.id DESC FETCH FIRST 1 ROWS ONLY")) {
                    q.setLong(1, claim.conversationId());
                    q.setLong(2, claim.jobId());
                    q.setObject(3, Sql.at(conversations.windowStart(requestAt)));
                    planJson = firstString(q);
                }
            }
            if (planJson == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(PlanJson.readPrior(PlanJson.JSON.readTree(planJson)));
            } catch (JsonProcessingException e) {
                return Optional.empty(); // why: an unreadable old plan only loses the continuity bonus
            }
        });
    }

    private static String firstString(PreparedStatement q) throws SQLException {
        try (ResultSet r = q.executeQuery()) {
            return r.next() ? r.getString(1) : null;
        }
    }
}
