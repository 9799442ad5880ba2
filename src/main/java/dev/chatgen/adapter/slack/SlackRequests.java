package dev.chatgen.adapter.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.model.File;
import dev.chatgen.bot.ChatService;
import dev.chatgen.bot.Outcome;
import dev.chatgen.bot.ProgressMessages;
import dev.chatgen.chat.Attachment;
import dev.chatgen.chat.ChatTurn;
import dev.chatgen.chat.ConversationKey;
import dev.chatgen.queue.ProgressWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns what people write to the bot on Slack into requests: a mention (answered in its thread),
 * a direct message, /imagine (which opens a thread for the picture), and any message in a thread
 * the bot was asked in (the thread is one conversation). Answers with a placeholder in the thread
 * that follows the job's progress. Each request carries its author's standing, so a workspace
 * admin or configured moderator is not held to quotas. Runs off Bolt's request thread; everything
 * here may block.
 */
final class SlackRequests {
    private static final Logger LOG = LoggerFactory.getLogger(SlackRequests.class);
    /** chat.update is rate limited per channel; the placeholder changes at most this often. */
    static final Duration EDIT_EVERY = Duration.ofSeconds(3);

    private final ChatService chat;
    private final ProgressWatcher progress;
    private final SlackFiles files;
    private final Placeholders placeholders;
    private final MethodsClient api;
    private final String botUserId;
    private final String botName;
    private final SlackModerators moderators;
    private final Clock clock;

    SlackRequests(ChatService chat, ProgressWatcher progress, SlackFiles files, Placeholders placeholders, MethodsClient api,
                  String botUserId, String botName, SlackModerators moderators, Clock clock) {
        this.chat = chat;
        this.progress = progress;
        this.files = files;
        this.placeholders = placeholders;
        this.api = api;
        this.botUserId = botUserId;
        this.botName = botName;
        this.moderators = moderators;
        this.clock = clock;
    }

    /** app_mention: a request in a channel; the answer goes into the message's thread (a new one if it had none). */
    void mentioned(SlackMessage m) {
        String thread = m.threadTs().isEmpty() ? m.ts() : m.threadTs();
        ask(ConversationKey.ofThread(SlackReplySink.PLATFORM, m.team(), m.channel(), thread, m.user()), m,
                new SlackTarget(m.channel(), thread));
    }

    /**
     * A message event: a request when it is a DM, or is written in a thread the bot was asked in.
     * A message that mentions the bot in a channel is left to its app_mention event.
     */
    void messaged(SlackMessage m) {
        if (m.direct()) {
            ask(new ConversationKey(SlackReplySink.PLATFORM, m.team(), m.channel(), m.threadTs(), m.user()), m,
                    new SlackTarget(m.channel(), m.threadTs()));
        } else if (!m.threadTs().isEmpty() && !m.mentions(botUserId)
                && chat.inThread(SlackReplySink.PLATFORM, m.team(), m.channel(), m.threadTs())) {
            ask(ConversationKey.ofThread(SlackReplySink.PLATFORM, m.team(), m.channel(), m.threadTs(), m.user()), m,
                    new SlackTarget(m.channel(), m.threadTs()));
        }
    }

    /**
     * /imagine TEXT: the bot opens a thread with the request as its first message, so the picture,
     * its steps and any refinements stay together. {@code tell} answers the caller privately.
     */
    void imagine(String team, String channel, String user, String text, String triggerId, Consumer<String> tell) {
        String root;
        try {
            root = SlackCalls.call(api, "chat.postMessage", a -> a.chatPostMessage(r -> r.channel(channel)
                    .text("<@" + user + "> asked for: " + SlackText.escape(text)).unfurlLinks(false))).getTs();
        } catch (SlackCalls.Failed e) {
            LOG.info("/imagine of {} in {} could not open a thread: {}", user, channel, e.error());
            tell.accept(switch (e.error()) {
                case "not_in_channel", "channel_not_found" -> "I can't post in this channel. Invite me with `/invite @" + botName
                        + "`, or send me a direct message.";
                case "is_archived" -> "This channel is archived, so I can't post the picture here.";
                default -> "Slack refused my message (" + e.error() + "); please try again in a moment.";
            });
            return;
        }
        SlackMessage asked = new SlackMessage(team, channel, false, user, text, root, root, List.of());
        ask(ConversationKey.ofThread(SlackReplySink.PLATFORM, team, channel, root, user), asked, "command:" + triggerId,
                new SlackTarget(channel, root), Optional.empty());
    }

    /** Reroll: the same words again in the picture's thread, continuing its conversation. */
    void reroll(String team, String channel, String threadTs, String user, String pictureTs, long jobId, String actionTs) {
        Optional<String> words = chat.lastRequest(jobId);
        SlackTarget target = new SlackTarget(channel, threadTs);
        if (words.isEmpty()) {
            post(target, "I no longer have the request of this picture, so I can't make it again. Write what you'd like instead.");
            return;
        }
        ConversationKey key = threadTs.isEmpty() ? new ConversationKey(SlackReplySink.PLATFORM, team, channel, "", user)
                : ConversationKey.ofThread(SlackReplySink.PLATFORM, team, channel, threadTs, user);
        SlackMessage again = new SlackMessage(team, channel, threadTs.isEmpty(), user, words.get(), actionTs, threadTs, List.of());
        ask(key, again, "action:" + channel + ":" + pictureTs + ":" + actionTs, target,
                Optional.of(SlackTarget.messageId(channel, pictureTs)));
    }

    private void ask(ConversationKey key, SlackMessage m, SlackTarget target) {
        ask(key, m, SlackTarget.messageId(m.channel(), m.ts()), target, Optional.empty());
    }

    private void ask(ConversationKey key, SlackMessage m, String messageId, SlackTarget target, Optional<String> repliesTo) {
        List<String> notes = new ArrayList<>();
        List<Attachment> attachments = download(m.files(), notes);
        String words = m.words(botUserId);
        if (words.isEmpty() && attachments.isEmpty()) {
            post(target, notes.isEmpty() ? "Tell me what you'd like to see, for example: a lighthouse at dusk, oil painting."
                    : String.join("\n", notes));
            return;
        }
        Outcome o = chat.request(new ChatTurn(key, words, attachments, Optional.of(messageId), repliesTo, target.encode(),
                moderators.standing(m.user())));
        if (o instanceof Outcome.Queued q) {
            Optional<String> placeholder = tryPost(target, ProgressMessages.queued(q.position(), false, notes));
            placeholder.ifPresent(ts -> {
                placeholders.put(q.jobId(), ts);
                ProgressMessages.follow(progress, q.jobId(), clock, EDIT_EVERY, line -> update(target, ts, line));
            });
        } else if (o instanceof Outcome.Told t) {
            post(target, t.message());
        }
    }

    private List<Attachment> download(List<File> shared, List<String> notes) {
        List<Attachment> out = new ArrayList<>();
        for (File f : shared) {
            SlackFiles.Download d = files.fetch(f);
            d.attachment().ifPresent(out::add);
            d.refusal().ifPresent(notes::add);
        }
        return out;
    }

    private void post(SlackTarget target, String text) {
        tryPost(target, text);
    }

    private Optional<String> tryPost(SlackTarget target, String text) {
        try {
            return Optional.of(SlackCalls.call(api, "chat.postMessage", a -> a.chatPostMessage(r -> r.channel(target.channel())
                    .threadTs(target.threadOrNull()).text(SlackText.escape(text)))).getTs());
        } catch (SlackCalls.Failed e) {
            LOG.warn("Could not answer in {} thread {}: {}", target.channel(), target.threadTs(), e.getMessage());
            return Optional.empty();
        }
    }

    private void update(SlackTarget target, String ts, String text) {
        try {
            SlackCalls.call(api, "chat.update", a -> a.chatUpdate(r -> r.channel(target.channel()).ts(ts).text(SlackText.escape(text))));
        } catch (SlackCalls.Failed e) {
            LOG.debug("Updating placeholder {} in {} failed: {}", ts, target.channel(), e.getMessage());
        }
    }
}
