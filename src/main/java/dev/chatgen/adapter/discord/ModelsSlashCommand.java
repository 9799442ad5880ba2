package dev.chatgen.adapter.discord;

import dev.chatgen.moderation.ModelsCommand;
import dev.chatgen.moderation.Scope;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * /chatgen-models: a moderator shows, allows, denies, resets or audits the models of their server or of one channel;
 * every answer is for them alone. Discord hides the command from members without Manage Server, but a server's admins
 * can grant it to anyone, so the caller is checked again here before anything changes.
 */
final class ModelsSlashCommand extends ListenerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ModelsSlashCommand.class);
    /** Discord's limit on a message's text. */
    static final int MESSAGE_LIMIT = 2000;
    static final String NOT_A_MODERATOR = "Only members with Manage Server or a moderator role can change which models the bot uses here.";

    private final ModelsCommand models;
    private final Standings standings;
    private final RuleSuggestions suggestions;
    private final ExecutorService work;

    ModelsSlashCommand(ModelsCommand models, Standings standings, ExecutorService work) {
        this.models = models;
        this.standings = standings;
        this.suggestions = new RuleSuggestions(models::modelIds);
        this.work = work;
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        if (!event.getName().equals(SlashCommands.MODELS)) {
            return;
        }
        Optional<ModelsCommand.Verb> verb = Optional.ofNullable(event.getSubcommandName()).flatMap(ModelsCommand.Verb::parse);
        if (event.getGuild() == null || verb.isEmpty()) { // registered guild-only with subcommands: only an outdated client gets here
            event.reply(event.getGuild() == null ? "This works in a server, not in DMs." : ModelsCommand.usage()).setEphemeral(true).queue();
            return;
        }
        String actor = event.getUser().getId();
        if (!standings.moderates(event.getMember())) {
            LOG.info("Discord: /{} {} refused to user {} in server {}: neither Manage Server nor a moderator role",
                    SlashCommands.MODELS, event.getSubcommandName(), actor, event.getGuild().getId());
            event.reply(NOT_A_MODERATOR).setEphemeral(true).queue();
            return;
        }
        boolean channel = Optional.ofNullable(event.getOption(SlashCommands.SCOPE)).map(OptionMapping::getAsString)
                .filter(SlashCommands.CHANNEL::equals).isPresent();
        // A thread's requests are planned with its parent channel's policy, so its channel scope is the parent's.
        Scope scope = channel ? Scope.channel(DiscordReplySink.PLATFORM, DiscordListener.channelOf(event.getChannel()))
                : Scope.workspace(DiscordReplySink.PLATFORM, event.getGuild().getId());
        Optional<String> rule = Optional.ofNullable(event.getOption(SlashCommands.RULE)).map(OptionMapping::getAsString);
        event.deferReply(true).queue();
        InteractionHook hook = event.getHook();
        work.execute(() -> hook.editOriginal(answer(verb.get(), scope, rule, actor))
                .queue(ok -> { }, failed -> LOG.debug("Answering /{} failed: {}", SlashCommands.MODELS, failed.getMessage())));
    }

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
        if (!event.getName().equals(SlashCommands.MODELS) || !event.getFocusedOption().getName().equals(SlashCommands.RULE)) {
            return;
        }
        event.replyChoices(suggestions.of(event.getFocusedOption().getValue()).stream().map(s -> new Command.Choice(s, s)).toList())
                .queue(ok -> { }, failed -> LOG.debug("Suggesting rules failed: {}", failed.getMessage()));
    }

    private String answer(ModelsCommand.Verb verb, Scope scope, Optional<String> rule, String actor) {
        try {
            return fit(models.run(verb, scope, rule, DiscordReplySink.PLATFORM, actor));
        } catch (IllegalArgumentException e) {
            return fit(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Discord: /{} {} at {} by user {} failed: {}", SlashCommands.MODELS, verb, scope, actor, e.toString());
            return "Sorry, that failed and nothing was changed. Try again in a moment.";
        }
    }

    /** Whole lines up to Discord's limit (an audit can be longer), saying when some were left out. */
    static String fit(String text) {
        if (text.length() <= MESSAGE_LIMIT) {
            return text;
        }
        String more = "\n\u2026";
        int cut = text.lastIndexOf('\n', MESSAGE_LIMIT - more.length());
        return cut <= 0 ? ReplyMessages.cut(text, MESSAGE_LIMIT) : text.substring(0, cut) + more;
    }
}
