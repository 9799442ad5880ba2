package dev.chatgen.app;

import dev.chatgen.adapter.discord.DiscordLoginException;
import dev.chatgen.adapter.slack.SlackStartException;
import dev.chatgen.catalog.CatalogException;
import dev.chatgen.config.ConfigException;
import dev.chatgen.ops.HttpPortException;
import dev.chatgen.store.DatabaseStartupException;
import picocli.CommandLine;

/**
 * Turns the errors a user can fix (bad config, bad catalog, unreadable file) into a plain message
 * and exit code 2; anything else is a bug and keeps its stack trace.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    static final int USER_ERROR = 2;

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof ConfigException) {
            cmd.getErr().println("configuration error:\n" + indent(e.getMessage()));
            return USER_ERROR;
        }
        if (e instanceof CatalogException) {
            cmd.getErr().println("invalid data (catalog or benchmark file):\n" + indent(e.getMessage()));
            return USER_ERROR;
        }
        if (e instanceof DatabaseStartupException) {
            cmd.getErr().println("database error:\n" + indent(e.getMessage()));
            return USER_ERROR;
        }
        if (e instanceof DiscordLoginException) {
            cmd.getErr().println("Discord error:\n" + indent(e.getMessage()));
            return USER_ERROR;
        }
        if (e instanceof SlackStartException) {
            cmd.getErr().println("Slack error:\n" + indent(e.getMessage()));
            return USER_ERROR;
        }
        if (e instanceof HttpPortException) {
            cmd.getErr().println("health and metrics server error:\n" + indent(e.getMessage()));
            return USER_ERROR;
        }
        if (e instanceof UserInputException) {
            cmd.getErr().println(e.getMessage());
            return USER_ERROR;
        }
        throw e;
    }

    private static String indent(String lines) {
        return "  " + lines.replace("\n", "\n  ");
    }
}
