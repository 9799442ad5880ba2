package dev.chatgen.adapter.discord;

import dev.chatgen.bot.ChatService;
import dev.chatgen.moderation.ModerationTools;
import dev.chatgen.config.DiscordConfig;
import dev.chatgen.queue.ProgressWatcher;
import dev.chatgen.queue.ReplySink;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.EnumSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The Discord side of the bot: logs in with JDA (through its shard manager, one shard unless
 * configured), registers /imagine and the moderation commands, listens, and posts replies. A
 * token Discord rejects stops start-up at once with a message saying what to check.
 */
public final class DiscordBot implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordBot.class);

    private final ShardManager shards;
    private final ExecutorService work;
    private final DiscordReplySink replies;

    private DiscordBot(ShardManager shards, ExecutorService work, DiscordReplySink replies) {
        this.shards = shards;
        this.work = work;
        this.replies = replies;
    }

    public static DiscordBot start(String token, DiscordConfig config, ChatService chat, ProgressWatcher progress, ModerationTools moderation,
                                   Clock clock) {
        EnumSet<GatewayIntent> intents = EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.DIRECT_MESSAGES);
        if (config.messageContent()) {
            intents.add(GatewayIntent.MESSAGE_CONTENT);
        } else {
            LOG.warn("Discord: running without the Message Content intent: /imagine, mentions, DMs and replies to the bot work; "
                    + "other messages are not read. Enable it in the Developer Portal (Bot, Privileged Gateway Intents) and set "
                    + "discord.message-content: true.");
        }
        ExecutorService work = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "discord-work");
            t.setDaemon(true);
            return t;
        });
        Placeholders placeholders = new Placeholders();
        Standings standings = new Standings(moderation.config());
        DiscordListener listener = new DiscordListener(chat, progress, new AttachmentDownloader(config.maxAttachmentBytes()),
                placeholders, work, clock, config.captureChannels(), standings);
        DefaultShardManagerBuilder builder = DefaultShardManagerBuilder.createLight(token, intents)
                .setShardsTotal(config.shards())
                .setRestConfig(new RestConfig().setBaseUrl(config.apiUrl().toString()))
                .addEventListeners(listener, new ModelsSlashCommand(moderation.models(), standings, work),
                        new ForgetMeSlashCommand(moderation.forgetMe(), work));
        if (!config.gatewayUrl().isEmpty()) {
            // A proxy or test server: its URL instead of the one Discord's REST API names, uncompressed.
            String gateway = config.gatewayUrl();
            builder.setSessionController(new ConcurrentSessionController() {
                @Override
                public String getGateway() {
                    return gateway;
                }
            }).setCompression(Compression.NONE);
        }
        ShardManager shards;
        try {
            shards = builder.build();
            for (JDA shard : shards.getShards()) {
                shard.awaitReady();
            }
        } catch (InvalidTokenException e) {
            work.shutdownNow();
            throw new DiscordLoginException("Discord rejected DISCORD_TOKEN. Copy the bot token again from the Developer Portal "
                    + "(Applications, your app, Bot, Reset Token) and check that it is the bot's token, not the client secret.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscordLoginException("interrupted while connecting to Discord", e);
        }
        JDA first = shards.getShards().get(0);
        first.updateCommands().addCommands(SlashCommands.all()).queue(
                ok -> LOG.info("Discord: registered /{}", String.join(", /", ok.stream().map(c -> c.getName()).toList())),
                failed -> LOG.warn("Discord: registering the slash commands failed: {}", failed.getMessage()));
        LOG.info("Discord: connected as {} to {} server(s) on {} shard(s)", first.getSelfUser().getName(), shards.getGuildCache().size(),
                shards.getShardsTotal());
        return new DiscordBot(shards, work, new DiscordReplySink(() -> shards.getShards().get(0), clock, placeholders, shards));
    }

    /** Where the outbox's Discord replies go. */
    public ReplySink replies() {
        return replies;
    }

    @Override
    public void close() {
        shards.shutdown();
        work.shutdown();
        try {
            work.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
