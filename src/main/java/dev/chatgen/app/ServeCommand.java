package dev.chatgen.app;

import dev.chatgen.adapter.discord.DiscordBot;
import dev.chatgen.queue.ProgressWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code chatgen serve}: chat adapters and workers in one process, until SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the chat adapters and the queue workers in one process until SIGTERM.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    /** The bot token: from the environment only, so it is never in a file or a process list. */
    static final String DISCORD_TOKEN = "DISCORD_TOKEN";

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        StopSignal stop = StopSignal.install();
        try (Services services = Services.open(Wiring.config(config.file))) {
            services.startWorkers();
            ProgressWatcher progress = services.startWatcher();
            String token = System.getenv(DISCORD_TOKEN);
            DiscordBot discord = null;
            if (token == null || token.isBlank()) {
                LOG.info("Discord: {} is not set; not connecting", DISCORD_TOKEN);
            } else {
                discord = DiscordBot.start(token.strip(), services.config.discord(), services.chat, progress, Clock.systemUTC());
                services.startDispatcher(discord.replies());
            }
            try {
                stop.await();
            } finally {
                if (discord != null) {
                    discord.close();
                }
            }
        }
        return 0;
    }
}
