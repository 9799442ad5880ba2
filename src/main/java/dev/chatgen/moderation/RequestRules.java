package dev.chatgen.moderation;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What a request must pass before it becomes a job: the safety rules on the person's words, then
 * their quotas. The same for every platform; ChatService applies it.
 */
public final class RequestRules {
    private final PromptSafety safety;
    private final Quotas quotas;

    public RequestRules(PromptSafety safety, Quotas quotas) {
        this.safety = safety;
        this.quotas = quotas;
    }

    /** The default safety rules and no quotas. */
    public static RequestRules defaults(java.time.Clock clock) {
        return new RequestRules(new PromptSafety(SafetyRules.defaults()), new Quotas(Quotas.Limits.NONE, clock));
    }

    /** The rule the words break, if any. */
    public Optional<PromptSafety.Blocked> blocked(String words) {
        return safety.check(words, PromptSafety.Stage.REQUEST);
    }

    /** The short, polite answer to a blocked request (the rule goes to the log, not to the person). */
    public static String blockedMessage() {
        return "Sorry, I can't make that picture: it asks for something the rules here don't allow. Try describing something else.";
    }

    /** Why this person may not queue another picture now, if they may not. */
    public Optional<String> overQuota(Connection c, String requester, boolean moderator) throws SQLException {
        return quotas.refusal(c, requester, moderator);
    }
}
