package dev.chatgen.adapter.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.ConfirmationDialogObject;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import dev.chatgen.adapter.StepLines;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.engine.StepTrace;
import dev.chatgen.queue.Outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Block Kit message under a picture: a compact summary with buttons, and the three steps in
 * place when someone clicks "Show steps". Slack's limits are kept here (50 blocks a message,
 * 3,000 characters a section, 150 a header, 75 a button): text that does not fit is cut, and
 * the caller attaches the whole trace as a file.
 */
final class SlackBlocks {
    static final int MAX_BLOCKS = 50;
    static final int SECTION_TEXT = 3000;
    static final int HEADER_TEXT = 150;
    static final String ACTION_PREFIX = "chatgen:";
    static final String STEPS = "steps";
    static final String HIDE = "hide";
    static final String REROLL = "reroll";
    static final String DELETE = "delete";

    private SlackBlocks() {
    }

    /** The blocks and whether anything had to be cut to fit. */
    record View(List<LayoutBlock> blocks, boolean shortened) {
    }

    /** The actions block's id: marks a message as job N's, so a re-post after a crash finds the first one. */
    static String blockId(long jobId) {
        return "chatgen-job-" + jobId;
    }

    /** The picture file's name: marks an upload as job N's for the same reason. */
    static String imageName(long jobId) {
        return "chatgen-job-" + jobId + ".png";
    }

    /** The notification text and the fallback for clients that show no blocks. */
    static String fallback(Outbox.Steps steps) {
        return SlackText.cut(StepLines.model(steps.plan().model()) + ": " + steps.plan().prompt(), 300);
    }

    /** Model, a short prompt, the settings, the job, and the buttons. */
    static List<LayoutBlock> compact(PictureRef ref, Outbox.Steps steps) {
        GenerationPlan plan = steps.plan();
        return List.of(
                section("*" + SlackText.escape(StepLines.model(plan.model())) + "*" + SlackText.escape(StepLines.onCheckpoint(plan))
                        + "\n" + SlackText.escape(SlackText.cut(plan.prompt(), 300))),
                context(SlackText.escape(plan.args().summary()) + " · job " + ref.jobId()),
                buttons(ref, false));
    }

    /** The three steps, in full where Slack allows. */
    static View expanded(PictureRef ref, Outbox.Steps steps) {
        GenerationPlan plan = steps.plan();
        StepTrace t = steps.trace();
        List<LayoutBlock> blocks = new ArrayList<>();
        boolean[] shortened = {false};
        blocks.add(HeaderBlock.builder().text(plain("How this picture was made", HEADER_TEXT)).build());
        blocks.add(fitted("*You asked:* " + SlackText.escape(t.request()), shortened));
        blocks.add(fitted("*" + StepLines.stage("1 · Prompt", t.prompt().micros()) + "*\n" + SlackText.code(plan.prompt()), shortened));
        if (!plan.negativePrompt().isBlank()) {
            blocks.add(fitted("*Negative prompt*\n" + SlackText.code(plan.negativePrompt()), shortened));
        }
        T2IModel m = plan.model();
        String candidates = StepLines.candidates(t);
        blocks.add(fitted("*" + StepLines.stage("2 · Model", t.selection().micros()) + "*\n*" + SlackText.escape(StepLines.model(m)) + "*"
                + SlackText.escape(StepLines.onCheckpoint(plan)) + "\n" + SlackText.escape(m.description())
                + (candidates.isEmpty() ? "" : "\nCandidates: " + SlackText.escape(candidates)), shortened));
        String votes = StepLines.votes(t);
        blocks.add(fitted("*" + StepLines.stage("3 · Arguments", t.args().micros()) + "*\n" + SlackText.escape(plan.args().summary())
                + (t.args().userRequested().isEmpty() ? "" : "\nYou asked for: " + SlackText.escape(String.join(", ", t.args().userRequested())))
                + (votes.isEmpty() ? "" : "\nVoted by: " + SlackText.escape(votes)), shortened));
        List<String> notes = StepLines.notes(t);
        if (!notes.isEmpty()) {
            blocks.add(fitted("*Notes*\n" + SlackText.escape(String.join("\n", notes)), shortened));
        }
        blocks.add(context((shortened[0] ? "Shortened to fit Slack; the whole trace is in the thread as a file. " : "")
                + StepLines.planned(t) + " · job " + ref.jobId()));
        blocks.add(buttons(ref, true));
        if (blocks.size() > MAX_BLOCKS) {
            throw new IllegalStateException("the steps view has " + blocks.size() + " blocks; Slack takes " + MAX_BLOCKS);
        }
        return new View(List.copyOf(blocks), shortened[0]);
    }

    /** "Show steps" or "Hide steps", then "Reroll" and "Delete" (which asks first). */
    static ActionsBlock buttons(PictureRef ref, boolean expanded) {
        List<BlockElement> elements = new ArrayList<>();
        elements.add(expanded ? button(HIDE, "Hide steps", ref, null) : button(STEPS, "Show steps", ref, "primary"));
        elements.add(button(REROLL, "Reroll", ref, null));
        ButtonElement delete = button(DELETE, "Delete", ref, "danger");
        delete.setConfirm(ConfirmationDialogObject.builder().title(plain("Delete this picture?", 100))
                .text(PlainTextObject.builder().text("The picture and its message leave the thread.").build())
                .confirm(plain("Delete", 30)).deny(plain("Keep it", 30)).style("danger").build());
        elements.add(delete);
        return ActionsBlock.builder().blockId(blockId(ref.jobId())).elements(elements).build();
    }

    /** The action of one of our buttons ("steps", "reroll", ...), or empty for anything else. */
    static Optional<String> action(String actionId) {
        return actionId != null && actionId.startsWith(ACTION_PREFIX) ? Optional.of(actionId.substring(ACTION_PREFIX.length())) : Optional.empty();
    }

    private static ButtonElement button(String action, String label, PictureRef ref, String style) {
        return ButtonElement.builder().actionId(ACTION_PREFIX + action).text(plain(label, 75)).value(ref.encode()).style(style).build();
    }

    private static SectionBlock section(String mrkdwn) {
        return SectionBlock.builder().text(MarkdownTextObject.builder().text(mrkdwn).build()).build();
    }

    /** A section cut to Slack's limit; a cut code block is closed again so the rest still renders. */
    private static SectionBlock fitted(String mrkdwn, boolean[] shortened) {
        if (mrkdwn.length() <= SECTION_TEXT) {
            return section(mrkdwn);
        }
        shortened[0] = true;
        boolean inCode = mrkdwn.endsWith("```");
        String cut = SlackText.cut(mrkdwn, SECTION_TEXT - (inCode ? 3 : 0));
        return section(inCode ? cut + "```" : cut);
    }

    private static ContextBlock context(String mrkdwn) {
        return ContextBlock.builder().elements(List.of(MarkdownTextObject.builder().text(SlackText.cut(mrkdwn, SECTION_TEXT)).build())).build();
    }

    private static PlainTextObject plain(String text, int max) {
        return PlainTextObject.builder().text(SlackText.cut(text, max)).emoji(true).build();
    }
}
