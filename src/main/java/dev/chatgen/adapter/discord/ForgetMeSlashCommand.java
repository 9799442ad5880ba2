package dev.chatgen.adapter.discord;

import dev.chatgen.moderation.ForgetMe;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.InteractionHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * /chatgen-forget-me, for anyone, in a server or a DM: erases what the bot stored about the caller and tells them,
 * alone, what went. Erasing takes batches of deletes, so it runs off JDA's event thread.
 */
final class ForgetMeSlashCommand extends ListenerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ForgetMeSlashCommand.class);

    private final ForgetMe forgetMe;
    private final ExecutorService work;

    ForgetMeSlashCommand(ForgetMe forgetMe, ExecutorService work) {
        this.forgetMe = forgetMe;
        this.work = work;
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        if (!event.getName().equals(SlashCommands.FORGET_ME)) {
            return;
        }
        event.deferReply(true).queue();
        InteractionHook hook = event.getHook();
        String user = event.getUser().getId();
        work.execute(() -> hook.editOriginal(forget(user))
                .queue(ok -> { }, failed -> LOG.debug("Answering /{} failed: {}", SlashCommands.FORGET_ME, failed.getMessage())));
    }

    private String forget(String user) {
        try {
            ForgetMe.Forgotten gone = forgetMe.forget(DiscordReplySink.PLATFORM, user);
            LOG.info("Discord: forgot user {} at their request: {}", user, gone);
            return told(gone);
        } catch (RuntimeException e) {
            LOG.warn("Discord: forgetting user {} failed: {}", user, e.toString());
            return "Sorry, erasing your data stopped part-way. Please run /" + SlashCommands.FORGET_ME + " again: it goes on from there.";
        }
    }

    /** "Deleted 3 messages, 2 picture requests and 2 pictures.", or that there was nothing. */
    static String told(ForgetMe.Forgotten gone) {
        List<String> parts = new ArrayList<>();
        count(parts, gone.turns(), "message");
        count(parts, gone.jobs(), "picture request");
        count(parts, gone.images(), "picture");
        count(parts, gone.attachments(), "attachment");
        if (parts.isEmpty()) {
            return "I had nothing stored about you.";
        }
        String last = parts.remove(parts.size() - 1);
        return "Deleted " + (parts.isEmpty() ? last : String.join(", ", parts) + " and " + last) + ".";
    }

    private static void count(List<String> parts, int n, String what) {
        if (n > 0) {
            parts.add(n + " " + what + (n == 1 ? "" : "s"));
        }
    }
}
