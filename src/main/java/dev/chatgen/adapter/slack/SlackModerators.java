package dev.chatgen.adapter.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.User;
import dev.chatgen.chat.Standing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * Who moderates the bot on Slack: workspace admins and owners (as users.info says) and the user ids
 * the operator configured (moderation.slack-moderators). A request's standing reads a cache, so a
 * busy thread does not call users.info for every message; the models command asks Slack afresh,
 * so an admin who was just demoted cannot change policies for minutes more.
 */
final class SlackModerators {
    private static final Logger LOG = LoggerFactory.getLogger(SlackModerators.class);
    /** How long a request trusts an earlier users.info answer. */
    static final Duration REMEMBER = Duration.ofMinutes(10);

    private final MethodsClient api;
    private final Set<String> configured;
    private final Cache<String, Boolean> known;

    SlackModerators(MethodsClient api, Set<String> configured, Clock clock) {
        this.api = api;
        this.configured = Set.copyOf(configured);
        // The bot's clock, not the system ticker, so tests can move past REMEMBER.
        this.known = Caffeine.newBuilder().expireAfterWrite(REMEMBER).maximumSize(10_000)
                .ticker(() -> clock.millis() * 1_000_000L).build();
    }

    /** What a request by the user may do: a moderator skips quotas; NSFW models are never used on Slack. */
    Standing standing(String user) {
        return new Standing(moderates(user), false);
    }

    /** Whether the user moderates, from the cache where it can; a failed lookup counts as no (and is asked again next time). */
    boolean moderates(String user) {
        if (configured.contains(user)) {
            return true;
        }
        Boolean cached = known.getIfPresent(user);
        if (cached != null) {
            return cached;
        }
        try {
            return lookUp(user);
        } catch (SlackCalls.Failed e) {
            LOG.debug("users.info of {} failed, so their request counts as no moderator's: {}", user, e.error());
            return false;
        }
    }

    /**
     * Whether the user moderates, asking Slack now (and refreshing the cache).
     *
     * @throws SlackCalls.Failed users.info failed
     */
    boolean verify(String user) {
        return configured.contains(user) || lookUp(user);
    }

    private boolean lookUp(String user) {
        User u = SlackCalls.call(api, "users.info", a -> a.usersInfo(r -> r.user(user))).getUser();
        boolean admin = u != null && (u.isAdmin() || u.isOwner() || u.isPrimaryOwner());
        known.put(user, admin);
        return admin;
    }
}
