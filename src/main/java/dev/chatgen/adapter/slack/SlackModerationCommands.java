package dev.chatgen.adapter.slack;

import dev.chatgen.moderation.ForgetMe;
import dev.chatgen.moderation.ModerationTools;
import dev.chatgen.moderation.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The moderation slash commands: {@code /chatgen-models} (which models the bot may use in this
 * workspace or channel, for its admins, owners and configured moderators) and
 * {@code /chatgen-forget-me} (anyone, about themselves). {@code tell} answers the caller
 * privately. Runs off Bolt's request thread; everything here may block.
 */
final class SlackModerationCommands {
    static final String MODELS = "/chatgen-models";
    static final String FORGET_ME = "/chatgen-forget-me";
    private static final Logger LOG = LoggerFactory.getLogger(SlackModerationCommands.class);

    private final ModerationTools tools;
    private final SlackModerators moderators;

    SlackModerationCommands(ModerationTools tools, SlackModerators moderators) {
        this.tools = tools;
        this.moderators = moderators;
    }

    /** /chatgen-models TEXT, typed by {@code user} in {@code channel} of workspace {@code team}. */
    void models(String team, String channel, String user, String text, Consumer<String> tell) {
        boolean allowed;
        try {
            allowed = moderators.verify(user);
        } catch (SlackCalls.Failed e) {
            LOG.warn("{} of {}: could not check their role: {}", MODELS, user, e.getMessage());
            tell.accept("I couldn't check your role with Slack (" + e.error() + "); please try again in a moment.");
            return;
        }
        if (!allowed) {
            LOG.info("{} of {} in {} refused: not a workspace admin, owner or configured moderator", MODELS, user, channel);
            tell.accept("Only workspace admins and owners, or the moderators the bot's operator named, can change which models I use.");
            return;
        }
        String answer;
        try {
            ModelsRequest r = ModelsRequest.parse(text);
            Scope scope = r.channel() ? Scope.channel(SlackReplySink.PLATFORM, channel) : Scope.workspace(SlackReplySink.PLATFORM, team);
            answer = tools.models().run(r.verb(), scope, r.rule(), SlackReplySink.PLATFORM, user);
        } catch (IllegalArgumentException e) {
            answer = e.getMessage(); // a wrong verb or rule: said to the moderator, nothing changed
        } catch (RuntimeException e) {
            LOG.error("{} of {} failed: {}", MODELS, user, e.getMessage(), e);
            answer = "Something went wrong on my side, so nothing changed; please try again in a moment.";
        }
        tell.accept(SlackText.escape(answer));
    }

    /** /chatgen-forget-me: erases what is stored about the caller and says how much went. */
    void forgetMe(String user, Consumer<String> tell) {
        ForgetMe.Forgotten f;
        try {
            f = tools.forgetMe().forget(SlackReplySink.PLATFORM, user);
        } catch (RuntimeException e) {
            LOG.error("{} of {} failed: {}", FORGET_ME, user, e.getMessage(), e);
            tell.accept("I couldn't finish erasing what I stored about you; please try again. What is already gone stays gone.");
            return;
        }
        LOG.info("{}: erased what was stored about {}: {} messages, {} attachments, {} jobs, {} pictures", FORGET_ME, user,
                f.turns(), f.attachments(), f.jobs(), f.images());
        tell.accept(answer(f));
    }

    static String answer(ForgetMe.Forgotten f) {
        List<String> gone = new ArrayList<>();
        count(gone, f.turns(), "message", "messages");
        count(gone, f.attachments(), "shared file", "shared files");
        count(gone, f.jobs(), "picture request", "picture requests");
        count(gone, f.images(), "picture", "pictures");
        if (gone.isEmpty()) {
            return "I had nothing stored about you, so there was nothing to erase.";
        }
        return "Done: I erased everything I stored about you (" + String.join(", ", gone) + "). "
                + "Pictures I already posted in Slack stay there; the Delete button under each still removes it.";
    }

    private static void count(List<String> out, int n, String one, String many) {
        if (n > 0) {
            out.add(n + " " + (n == 1 ? one : many));
        }
    }
}
