package dev.chatgen.adapter.slack;

import com.slack.api.methods.MethodsClient;
import dev.chatgen.bot.ChatService;
import dev.chatgen.adapter.console.TraceText;
import dev.chatgen.queue.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The buttons under a picture: "Show steps" and "Hide steps" rewrite the message in place,
 * "Reroll" asks again in the thread, "Delete" removes the picture and its message for the person
 * who asked or a workspace admin. Runs off Bolt's request thread.
 */
final class SlackButtons {
    private static final Logger LOG = LoggerFactory.getLogger(SlackButtons.class);

    private final ChatService chat;
    private final SlackRequests requests;
    private final MethodsClient api;
    private final SlackModerators moderators;

    SlackButtons(ChatService chat, SlackRequests requests, MethodsClient api, SlackModerators moderators) {
        this.chat = chat;
        this.requests = requests;
        this.api = api;
        this.moderators = moderators;
    }

    /** One click, as Slack reports it; {@code threadTs} is empty for a picture at the top level of a DM. */
    record Click(String action, PictureRef picture, String team, String channel, String messageTs, String threadTs, String user,
                 String actionTs) {
    }

    /** Handles the click; {@code tell} answers the person who clicked, privately. */
    void clicked(Click click, Consumer<String> tell) {
        try {
            switch (click.action()) {
                case SlackBlocks.STEPS, SlackBlocks.HIDE -> showSteps(click, click.action().equals(SlackBlocks.STEPS), tell);
                case SlackBlocks.REROLL -> requests.reroll(click.team(), click.channel(), click.threadTs(), click.user(), click.messageTs(),
                        click.picture().jobId(), click.actionTs());
                case SlackBlocks.DELETE -> delete(click, tell);
                default -> tell.accept("I don't know that button.");
            }
        } catch (SlackCalls.Failed e) {
            LOG.warn("Button {} on job {} by {} failed: {}", click.action(), click.picture().jobId(), click.user(), e.getMessage());
            tell.accept("Slack refused that (" + e.error() + "); please try again in a moment.");
        }
    }

    private void showSteps(Click click, boolean expand, Consumer<String> tell) {
        Optional<Outbox.Steps> steps = chat.steps(click.picture().jobId());
        if (steps.isEmpty()) {
            tell.accept("I no longer have the steps of this picture.");
            return;
        }
        SlackBlocks.View view = expand ? SlackBlocks.expanded(click.picture(), steps.get())
                : new SlackBlocks.View(SlackBlocks.compact(click.picture(), steps.get()), false);
        SlackCalls.call(api, "chat.update", a -> a.chatUpdate(r -> r.channel(click.channel()).ts(click.messageTs())
                .text(SlackText.escape(SlackBlocks.fallback(steps.get()))).blocks(view.blocks())));
        if (view.shortened()) {
            String trace = TraceText.of(steps.get().plan(), steps.get().trace());
            SlackCalls.call(api, "files.uploadV2", a -> a.filesUploadV2(r -> r.channel(click.channel()).threadTs(emptyToNull(click.threadTs()))
                    .content(trace).filename("steps-" + click.picture().jobId() + ".txt").title("Steps of job " + click.picture().jobId())
                    .requestFileInfo(false)));
        }
    }

    private void delete(Click click, Consumer<String> tell) {
        boolean requester = click.user().equals(click.picture().requesterUserId());
        if (!requester && !moderators.verify(click.user())) {
            tell.accept("Only the person who asked for this picture, a workspace admin or a moderator, can delete it.");
            return;
        }
        SlackCalls.call(api, "chat.delete", a -> a.chatDelete(r -> r.channel(click.channel()).ts(click.messageTs())));
        if (!click.picture().fileId().isEmpty()) {
            SlackCalls.call(api, "files.delete", a -> a.filesDelete(r -> r.file(click.picture().fileId())));
        }
        LOG.info("Job {}: picture deleted from {} by {}", click.picture().jobId(), click.channel(), click.user());
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
