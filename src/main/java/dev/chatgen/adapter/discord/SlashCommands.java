package dev.chatgen.adapter.discord;

import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;

import java.util.List;

/** The bot's slash commands as Discord gets them, all registered in one update at start-up. */
final class SlashCommands {
    static final String IMAGINE = "imagine";
    static final String MODELS = "chatgen-models";
    static final String FORGET_ME = "chatgen-forget-me";
    /** /chatgen-models options: the rule of allow and deny, and where a subcommand applies. */
    static final String RULE = "rule";
    static final String SCOPE = "scope";
    static final String SERVER = "server";
    static final String CHANNEL = "channel";

    private SlashCommands() {
    }

    static List<SlashCommandData> all() {
        return List.of(imagine(), models(), forgetMe());
    }

    static SlashCommandData imagine() {
        return Commands.slash(IMAGINE, "Describe the picture you want, the way you'd say it")
                .addOption(OptionType.STRING, "prompt", "What you would like to see", true)
                .addOption(OptionType.ATTACHMENT, "image", "A picture to start from or to take the look of", false);
    }

    /**
     * Shown only to members with Manage Server and only in servers. A server's admins can still grant it to anyone in
     * their settings, so {@link ModelsSlashCommand} checks the caller again.
     */
    static SlashCommandData models() {
        return Commands.slash(MODELS, "Choose which image models the bot may use in this server or channel")
                .addSubcommands(
                        new SubcommandData("show", "Which models may be used here").addOptions(scope()),
                        new SubcommandData("allow", "Allow models: starts an allowlist where everything was allowed")
                                .addOptions(rule("What to allow"), scope()),
                        new SubcommandData("deny", "Deny models: starts a denylist where everything was allowed")
                                .addOptions(rule("What to deny"), scope()),
                        new SubcommandData("reset", "Allow every model again (a channel follows its server again)").addOptions(scope()),
                        new SubcommandData("audit", "Recent changes: who, where, before and after").addOptions(scope()))
                .setDefaultPermissions(DefaultMemberPermissions.enabledFor(Permission.MANAGE_SERVER))
                .setContexts(InteractionContextType.GUILD);
    }

    /** Everyone's, in servers and in DMs with the bot. */
    static SlashCommandData forgetMe() {
        return Commands.slash(FORGET_ME, "Erase everything this bot has stored about you")
                .setContexts(InteractionContextType.GUILD, InteractionContextType.BOT_DM);
    }

    private static OptionData rule(String what) {
        return new OptionData(OptionType.STRING, RULE, what + ": model:ID, tag:TAG, base:BASE or type:TYPE", true, true);
    }

    private static OptionData scope() {
        return new OptionData(OptionType.STRING, SCOPE, "This server (the default) or only this channel", false)
                .addChoice("server", SERVER)
                .addChoice("channel", CHANNEL);
    }
}
