package dev.chatgen.adapter.slack;

import com.slack.api.Slack;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.model.event.MessageChangedEvent;
import com.slack.api.model.event.MessageDeletedEvent;
import com.slack.api.model.event.MessageEvent;
import com.slack.api.model.event.MessageFileShareEvent;
import com.slack.api.socket_mode.SocketModeClient;
import dev.chatgen.bot.ChatService;
import dev.chatgen.moderation.ModerationTools;
import dev.chatgen.config.SlackConfig;
import dev.chatgen.config.SlackMode;
import dev.chatgen.queue.ProgressWatcher;
import dev.chatgen.queue.ReplySink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The Slack side of the bot, on Bolt: checks the bot token, listens in Socket Mode (the default:
 * the bot dials out, no public URL) or on {@code /slack/events} in HTTP mode (every request's
 * signature checked), and posts replies. Besides mentions, messages and /imagine it takes the
 * moderation commands /chatgen-models and /chatgen-forget-me. Every handler acknowledges at once
 * and hands the work to its own threads, so Slack always has its answer within 3 seconds.
 */
public final class SlackBot implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlackBot.class);
    static final String IMAGINE = "/imagine";

    /** The secrets, from the environment: SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET. */
    public record Tokens(String bot, Optional<String> app, Optional<String> signingSecret) {
    }

    private final ExecutorService work;
    private final SlackReplySink replies;
    private final SocketModeApp socket;
    private final SlackHttpEndpoint http;

    private SlackBot(ExecutorService work, SlackReplySink replies, SocketModeApp socket, SlackHttpEndpoint http) {
        this.work = work;
        this.replies = replies;
        this.socket = socket;
        this.http = http;
    }

    public static SlackBot start(Tokens tokens, SlackConfig config, ChatService chat, ProgressWatcher progress, ModerationTools moderation,
                                 Clock clock) {
        com.slack.api.SlackConfig sdk = new com.slack.api.SlackConfig();
        String api = config.apiUrl().toString();
        sdk.setMethodsEndpointUrlPrefix(api.endsWith("/") ? api : api + "/");
        sdk.setStatsEnabled(false);
        Slack slack = Slack.getInstance(sdk);
        MethodsClient methods = slack.methods(tokens.bot());
        AuthTestResponse self = whoAmI(methods, api);
        requireModeSecret(config.mode(), tokens);

        ExecutorService work = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "slack-work");
            t.setDaemon(true);
            return t;
        });
        Placeholders placeholders = new Placeholders();
        SlackModerators moderators = new SlackModerators(methods, moderation.config().slackModerators(), clock);
        SlackRequests requests = new SlackRequests(chat, progress, new SlackFiles(tokens.bot(), config.maxAttachmentBytes()), placeholders,
                methods, self.getUserId(), self.getUser(), moderators, clock);
        SlackModerationCommands moderating = new SlackModerationCommands(moderation, moderators);
        SlackButtons buttons = new SlackButtons(chat, requests, methods, moderators);
        App app = new App(AppConfig.builder().slack(slack).singleTeamBotToken(tokens.bot())
                .signingSecret(tokens.signingSecret().orElse(null))
                .requestVerificationEnabled(config.mode() == SlackMode.HTTP)
                .allEventsApiAutoAckEnabled(true)
                .build());
        listen(app, work, requests, buttons, moderating, chat);

        SocketModeApp socket = null;
        SlackHttpEndpoint http = null;
        try {
            if (config.mode() == SlackMode.SOCKET) {
                socket = new SocketModeApp(tokens.app().orElseThrow(), app, SocketModeClient.Backend.JavaWebSocket);
                socket.startAsync();
            } else {
                app.start();
                http = SlackHttpEndpoint.start(app, config.httpPort());
            }
        } catch (Exception e) {
            work.shutdownNow();
            String what = config.mode() == SlackMode.SOCKET
                    ? "Socket Mode did not connect. Check SLACK_APP_TOKEN (an app-level token, xapp-..., with connections:write) "
                    + "and that Socket Mode is on in the app's settings: "
                    : "the /slack/events endpoint could not listen on port " + config.httpPort() + " (slack.http.port): ";
            throw new SlackStartException("Slack: " + what + e.getMessage(), e);
        }
        LOG.info("Slack: connected as {} ({}) to {} in {} mode{}", self.getUser(), self.getUserId(), self.getTeam(),
                config.mode().name().toLowerCase(java.util.Locale.ROOT), http == null ? "" : ", listening on port " + http.port() + SlackHttpEndpoint.PATH);
        return new SlackBot(work, new SlackReplySink(methods, placeholders), socket, http);
    }

    private static AuthTestResponse whoAmI(MethodsClient methods, String api) {
        try {
            return SlackCalls.call(methods, "auth.test", a -> a.authTest(r -> r));
        } catch (SlackCalls.Failed e) {
            if (e.error().startsWith("unreachable")) {
                throw new SlackStartException("Slack: could not reach the Web API at " + api + " (slack.api-url): " + e.error(), e);
            }
            throw new SlackStartException("Slack rejected SLACK_BOT_TOKEN (" + e.error() + "). Copy the Bot User OAuth Token (xoxb-...) "
                    + "again from the app's OAuth & Permissions page, and reinstall the app if its scopes changed.", e);
        }
    }

    private static void requireModeSecret(SlackMode mode, Tokens tokens) {
        if (mode == SlackMode.SOCKET && tokens.app().isEmpty()) {
            throw new SlackStartException("Slack: slack.mode is socket but SLACK_APP_TOKEN is not set. Create an app-level token with "
                    + "connections:write (Basic Information, App-Level Tokens) and enable Socket Mode, or use slack.mode: http "
                    + "with SLACK_SIGNING_SECRET.", null);
        }
        if (mode == SlackMode.HTTP && tokens.signingSecret().isEmpty()) {
            throw new SlackStartException("Slack: slack.mode is http but SLACK_SIGNING_SECRET is not set (Basic Information, "
                    + "App Credentials, Signing Secret); without it requests cannot be verified.", null);
        }
    }

    private static void listen(App app, ExecutorService work, SlackRequests requests, SlackButtons buttons, SlackModerationCommands moderating,
                               ChatService chat) {
        app.event(AppMentionEvent.class, (payload, ctx) -> {
            AppMentionEvent e = payload.getEvent();
            if (e.getBotId() == null && e.getUser() != null) {
                SlackMessage m = new SlackMessage(payload.getTeamId(), e.getChannel(), false, e.getUser(), e.getText(), e.getTs(),
                        e.getThreadTs(), e.getFiles());
                run(work, "mention " + m.ts() + " in " + m.channel(), () -> requests.mentioned(m));
            }
            return ctx.ack();
        });
        app.event(MessageEvent.class, (payload, ctx) -> {
            MessageEvent e = payload.getEvent();
            if (e.getBotId() == null && e.getUser() != null) {
                SlackMessage m = new SlackMessage(payload.getTeamId(), e.getChannel(), "im".equals(e.getChannelType()), e.getUser(),
                        e.getText(), e.getTs(), e.getThreadTs(), e.getFiles());
                run(work, "message " + m.ts() + " in " + m.channel(), () -> requests.messaged(m));
            }
            return ctx.ack();
        });
        app.event(MessageFileShareEvent.class, (payload, ctx) -> {
            MessageFileShareEvent e = payload.getEvent();
            if (e.getUser() != null) {
                SlackMessage m = new SlackMessage(payload.getTeamId(), e.getChannel(), "im".equals(e.getChannelType()), e.getUser(),
                        e.getText(), e.getTs(), e.getThreadTs(), e.getFiles());
                run(work, "message " + m.ts() + " in " + m.channel(), () -> requests.messaged(m));
            }
            return ctx.ack();
        });
        app.event(MessageChangedEvent.class, (payload, ctx) -> {
            MessageChangedEvent e = payload.getEvent();
            MessageChangedEvent.Message changed = e.getMessage();
            if (changed != null && changed.getBotId() == null && changed.getTs() != null) {
                String id = SlackTarget.messageId(e.getChannel(), changed.getTs());
                String words = SlackMessage.words(changed.getText(), ctx.getBotUserId() == null ? "" : ctx.getBotUserId());
                run(work, "edit of " + id, () -> chat.edited(SlackReplySink.PLATFORM, id, words));
            }
            return ctx.ack();
        });
        app.event(MessageDeletedEvent.class, (payload, ctx) -> {
            MessageDeletedEvent e = payload.getEvent();
            if (e.getDeletedTs() != null) {
                String id = SlackTarget.messageId(e.getChannel(), e.getDeletedTs());
                run(work, "deletion of " + id, () -> chat.deleted(SlackReplySink.PLATFORM, id));
            }
            return ctx.ack();
        });
        app.command(IMAGINE, (req, ctx) -> {
            var p = req.getPayload();
            String text = p.getText() == null ? "" : p.getText().strip();
            if (text.isEmpty()) {
                return ctx.ack("Tell me what to draw, for example: `/imagine a lighthouse at dusk, oil painting`");
            }
            run(work, IMAGINE + " of " + p.getUserId(), () -> requests.imagine(p.getTeamId(), p.getChannelId(), p.getUserId(), text,
                    p.getTriggerId(), privately(ctx, IMAGINE, p.getUserId())));
            return ctx.ack();
        });
        app.command(SlackModerationCommands.MODELS, (req, ctx) -> {
            var p = req.getPayload();
            String text = p.getText() == null ? "" : p.getText();
            run(work, SlackModerationCommands.MODELS + " of " + p.getUserId(), () -> moderating.models(p.getTeamId(), p.getChannelId(),
                    p.getUserId(), text, privately(ctx, SlackModerationCommands.MODELS, p.getUserId())));
            return ctx.ack();
        });
        app.command(SlackModerationCommands.FORGET_ME, (req, ctx) -> {
            var p = req.getPayload();
            run(work, SlackModerationCommands.FORGET_ME + " of " + p.getUserId(),
                    () -> moderating.forgetMe(p.getUserId(), privately(ctx, SlackModerationCommands.FORGET_ME, p.getUserId())));
            return ctx.ack();
        });
        app.blockAction(Pattern.compile("^" + Pattern.quote(SlackBlocks.ACTION_PREFIX) + ".*"), (req, ctx) -> {
            BlockActionPayload p = req.getPayload();
            Optional<SlackButtons.Click> click = click(p);
            if (click.isPresent()) {
                Consumer<String> tell = line -> {
                    try {
                        ctx.respond(r -> r.responseType("ephemeral").replaceOriginal(false).text(line));
                    } catch (IOException e) {
                        LOG.warn("Slack: answering a click of {} failed: {}", p.getUser().getId(), e.getMessage());
                    }
                };
                run(work, click.get().action() + " on job " + click.get().picture().jobId(), () -> buttons.clicked(click.get(), tell));
            }
            return ctx.ack();
        });
    }

    /** Answers the caller of a slash command through its response_url, seen only by them. */
    private static Consumer<String> privately(SlashCommandContext ctx, String command, String user) {
        return line -> {
            try {
                ctx.respond(r -> r.responseType("ephemeral").text(line));
            } catch (IOException e) {
                LOG.warn("Slack: answering {} of {} failed: {}", command, user, e.getMessage());
            }
        };
    }

    /** The click's action, picture and place, or empty when it is not one of our buttons on a message. */
    static Optional<SlackButtons.Click> click(BlockActionPayload p) {
        if (p.getActions() == null || p.getActions().isEmpty() || p.getContainer() == null || p.getContainer().getMessageTs() == null) {
            return Optional.empty();
        }
        BlockActionPayload.Action a = p.getActions().get(0);
        Optional<String> action = SlackBlocks.action(a.getActionId());
        Optional<PictureRef> picture = PictureRef.decode(a.getValue());
        if (action.isEmpty() || picture.isEmpty()) {
            return Optional.empty();
        }
        String channel = p.getChannel() != null ? p.getChannel().getId() : p.getContainer().getChannelId();
        String thread = p.getMessage() != null && p.getMessage().getThreadTs() != null ? p.getMessage().getThreadTs()
                : p.getContainer().getThreadTs() != null ? p.getContainer().getThreadTs() : "";
        String team = p.getTeam() != null ? p.getTeam().getId() : p.getUser().getTeamId();
        return Optional.of(new SlackButtons.Click(action.get(), picture.get(), team, channel, p.getContainer().getMessageTs(), thread,
                p.getUser().getId(), a.getActionTs() == null ? p.getTriggerId() : a.getActionTs()));
    }

    private static void run(ExecutorService work, String what, Runnable task) {
        work.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Slack: handling {} failed: {}", what, e.getMessage(), e);
            }
        });
    }

    /** Where the outbox's Slack replies go. */
    public ReplySink replies() {
        return replies;
    }

    /** The port of /slack/events in HTTP mode. */
    public Optional<Integer> httpPort() {
        return http == null ? Optional.empty() : Optional.of(http.port());
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (Exception e) {
                LOG.debug("Slack: closing Socket Mode: {}", e.getMessage());
            }
        }
        if (http != null) {
            http.close();
        }
        work.shutdown();
        try {
            work.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
