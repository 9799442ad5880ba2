package dev.chatgen.app;

import dev.chatgen.adapter.discord.DiscordBot;
import dev.chatgen.adapter.slack.SlackBot;
import dev.chatgen.moderation.ModerationTools;
import dev.chatgen.queue.ProgressWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code chatgen serve}: chat adapters and workers in one process, until SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the chat adapters and the queue workers in one process until SIGTERM; /healthz and /metrics on http.port.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    /** The secrets: from the environment only, so they are never in a file or a process list. */
    static final String DISCORD_TOKEN = "DISCORD_TOKEN";
    static final String SLACK_BOT_TOKEN = "SLACK_BOT_TOKEN";
    static final String SLACK_APP_TOKEN = "SLACK_APP_TOKEN";
    static final String SLACK_SIGNING_SECRET = "SLACK_SIGNING_SECRET";

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        StopSignal stop = StopSignal.install();
        Map<String, String> env = System.getenv();
        List<AutoCloseable> adapters = new ArrayList<>();
        try (Services services = Services.open(Wiring.config(config.file))) {
            services.startOps();
            services.startWorkers();
            ProgressWatcher progress = services.startWatcher();
            services.startRetention();
            ModerationTools moderation = services.moderationTools();
            try {
                Optional<String> discordToken = secret(env, DISCORD_TOKEN);
                if (discordToken.isEmpty()) {
                    LOG.info("Discord: {} is not set; not connecting", DISCORD_TOKEN);
                } else {
                    DiscordBot discord = DiscordBot.start(discordToken.get(), services.config.discord(), services.chat, progress, moderation,
                            Clock.systemUTC());
                    adapters.add(discord);
                    services.startDispatcher(discord.replies());
                }
                Optional<String> slackToken = secret(env, SLACK_BOT_TOKEN);
                if (slackToken.isEmpty()) {
                    LOG.info("Slack: {} is not set; not connecting", SLACK_BOT_TOKEN);
                } else {
                    SlackBot slack = SlackBot.start(new SlackBot.Tokens(slackToken.get(), secret(env, SLACK_APP_TOKEN),
                            secret(env, SLACK_SIGNING_SECRET)), services.config.slack(), services.chat, progress, moderation, Clock.systemUTC());
                    adapters.add(slack);
                    services.startDispatcher(slack.replies());
                }
                stop.await();
            } finally {
                for (AutoCloseable adapter : adapters) {
                    adapter.close();
                }
            }
        }
        return 0;
    }

    private static Optional<String> secret(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(s -> !s.isEmpty());
    }
}
