package dev.chatgen.adapter.discord;

import dev.chatgen.adapter.StepLines;
import dev.chatgen.adapter.console.TraceText;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.engine.StepTrace;
import dev.chatgen.queue.Outbox;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.FileUpload;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the bot posts on Discord for a finished job: a compact embed under the image, the three
 * steps when someone clicks "Show steps", and the buttons. Discord's limits are kept here
 * (6,000 characters an embed, 1,024 a field value, 256 a title); steps that do not fit are cut,
 * said so, and attached whole as a text file.
 */
final class ReplyMessages {
    static final int EMBED_TOTAL = 6000;
    static final int FIELD_VALUE = 1024;
    static final int TITLE = 256;
    static final int FOOTER = 2048;
    static final String PREFIX = "chatgen:";
    private static final Color ACCENT = new Color(0x5865F2);

    private ReplyMessages() {
    }

    /** The steps as shown: the embed, and the whole trace as a file when the embed had to be cut. */
    record StepsView(MessageEmbed embed, Optional<FileUpload> fullTrace) {
    }

    /** The compact embed under the image: model, a short prompt, the settings, the job. */
    static MessageEmbed compact(long jobId, Outbox.Steps steps) {
        GenerationPlan plan = steps.plan();
        return new EmbedBuilder()
                .setColor(ACCENT)
                .setTitle(cut(StepLines.model(plan.model()), TITLE))
                .setDescription(cut(plan.prompt(), 300))
                .addField("Settings", cut(plan.args().summary(), FIELD_VALUE), false)
                .setFooter(footer(jobId))
                .build();
    }

    /** The three steps, in full where Discord allows. */
    static StepsView expanded(long jobId, Outbox.Steps steps) {
        GenerationPlan plan = steps.plan();
        StepTrace t = steps.trace();
        List<String[]> fields = new ArrayList<>();
        fields.add(new String[] {StepLines.stage("1 · Prompt", t.prompt().micros()), plan.prompt()});
        if (!plan.negativePrompt().isBlank()) {
            fields.add(new String[] {"Negative prompt", plan.negativePrompt()});
        }
        T2IModel m = plan.model();
        String candidates = StepLines.candidates(t);
        fields.add(new String[] {StepLines.stage("2 · Model", t.selection().micros()), "**" + StepLines.model(m) + "**"
                + StepLines.onCheckpoint(plan) + "\n" + m.description()
                + (candidates.isEmpty() ? "" : "\nCandidates: " + candidates)});
        String votes = StepLines.votes(t);
        fields.add(new String[] {StepLines.stage("3 · Arguments", t.args().micros()), plan.args().summary()
                + (t.args().userRequested().isEmpty() ? "" : "\nYou asked for: " + String.join(", ", t.args().userRequested()))
                + (votes.isEmpty() ? "" : "\nVoted by: " + votes)});
        List<String> notes = StepLines.notes(t);
        if (!notes.isEmpty()) {
            fields.add(new String[] {"Notes", String.join("\n", notes)});
        }

        EmbedBuilder embed = new EmbedBuilder().setColor(ACCENT).setTitle("How this picture was made")
                .setDescription(cut("You asked: " + t.request(), 1000));
        boolean shortened = false;
        int used = "How this picture was made".length() + Math.min(1000, ("You asked: " + t.request()).length());
        String footer = StepLines.planned(t) + " · " + footer(jobId);
        used += footer.length();
        for (String[] f : fields) {
            String value = f[1];
            int room = Math.min(FIELD_VALUE, EMBED_TOTAL - used - f[0].length() - 80);
            if (value.length() > room) {
                value = cut(value, Math.max(room, 1));
                shortened = true;
            }
            used += f[0].length() + value.length();
            embed.addField(f[0], value, false);
        }
        if (shortened) {
            footer = "Shortened to fit Discord; the whole trace is attached. " + footer;
        }
        embed.setFooter(cut(footer, FOOTER));
        Optional<FileUpload> trace = shortened
                ? Optional.of(FileUpload.fromData(TraceText.of(plan, t).getBytes(StandardCharsets.UTF_8), "steps-" + jobId + ".txt"))
                : Optional.empty();
        return new StepsView(embed.build(), trace);
    }

    /** "Show steps" or "Hide steps", then "Edit", "Reroll" and "Delete". */
    static ActionRow buttons(long jobId, boolean expanded) {
        return ActionRow.of(
                expanded ? Button.secondary(id("hide", jobId), "Hide steps") : Button.primary(id("steps", jobId), "Show steps"),
                Button.secondary(id("edit", jobId), "Edit"),
                Button.secondary(id("reroll", jobId), "Reroll"),
                Button.danger(id("delete", jobId), "Delete"));
    }

    /** A button's custom id: "chatgen:steps:42", well under Discord's 100 characters. */
    static String id(String action, long jobId) {
        return PREFIX + action + ":" + jobId;
    }

    /** The action and job of one of our buttons, or empty for anything else. */
    record Click(String action, long jobId) {
        static Optional<Click> parse(String customId) {
            if (customId == null || !customId.startsWith(PREFIX)) {
                return Optional.empty();
            }
            String[] parts = customId.substring(PREFIX.length()).split(":");
            if (parts.length != 2) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Click(parts[0], Long.parseLong(parts[1])));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /** The Edit modal's id: the job and the picture's message, so the new request continues that picture. */
    static String editModalId(long jobId, String messageId) {
        return PREFIX + "edit:" + jobId + ":" + messageId;
    }

    /** The picture's message id of an Edit modal, or empty for anything else. */
    static Optional<String> editedMessage(String modalId) {
        String[] parts = modalId == null ? new String[0] : modalId.split(":");
        return parts.length == 4 && modalId.startsWith(PREFIX + "edit:") ? Optional.of(parts[3]) : Optional.empty();
    }

    /** The footer that marks a reply as job N's, so a re-post after a crash can find the first one. */
    static String footer(long jobId) {
        return "job " + jobId + " · chatgen";
    }

    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, Math.max(0, max - 1)) + "\u2026";
    }
}
