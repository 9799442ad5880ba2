package dev.chatgen.bot;

import dev.chatgen.chat.ChatTurn;
import dev.chatgen.chat.ConversationKey;
import dev.chatgen.chat.Conversations;
import dev.chatgen.chat.StoredTurn;
import dev.chatgen.chat.TurnKind;
import dev.chatgen.moderation.PromptSafety;
import dev.chatgen.moderation.RequestRules;
import dev.chatgen.queue.JobQueue;
import dev.chatgen.queue.Outbox;
import dev.chatgen.queue.SubmitResult;
import dev.chatgen.queue.Submission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The bot's behaviour, the same on every platform: a message is stored first, then a request
 * becomes a job, a reply to one of the bot's images continues that image's conversation, and
 * the commands reset, cancel and show history. Adapters translate events into calls here.
 */
public final class ChatService {
    private static final Logger LOG = LoggerFactory.getLogger(ChatService.class);

    private final Conversations conversations;
    private final JobQueue queue;
    private final Outbox outbox;
    private final RequestRules rules;
    private final Clock clock;

    /** With the default safety rules and no quotas. */
    public ChatService(Conversations conversations, JobQueue queue, Outbox outbox, Clock clock) {
        this(conversations, queue, outbox, RequestRules.defaults(clock), clock);
    }

    public ChatService(Conversations conversations, JobQueue queue, Outbox outbox, RequestRules rules, Clock clock) {
        this.conversations = conversations;
        this.queue = queue;
        this.outbox = outbox;
        this.rules = rules;
        this.clock = clock;
    }

    /** A message asking for a picture (or refining the last one). */
    public Outcome request(ChatTurn turn) {
        Optional<Conversations.Continuation> continuing = turn.replyToMessageId()
                .flatMap(id -> outbox.jobOfPostedMessage(turn.key().platform(), id))
                .map(p -> new Conversations.Continuation(p.conversationId(), p.jobId()));
        Optional<PromptSafety.Blocked> blocked = rules.blocked(turn.text());
        if (blocked.isPresent()) {
            // Kept like every message, but as BLOCKED: never planned from, now or as later history.
            conversations.store(turn, TurnKind.BLOCKED, continuing, clock.instant());
            LOG.info("Request of {} blocked by {}", turn.key(), blocked.get().rule());
            return new Outcome.Told(RequestRules.blockedMessage());
        }
        // The turn and its job in one commit; the turn is kept even if queueing it fails.
        Conversations.Stored<SubmitResult> stored = conversations.store(turn, TurnKind.REQUEST, continuing, clock.instant(),
                (c, t) -> {
                    Optional<String> over = rules.overQuota(c, turn.key().requester(), turn.standing().moderator());
                    return over.isPresent() ? new SubmitResult.Refused(over.get()) : queue.submit(c, submission(turn, t));
                });
        SubmitResult result = stored.followUp();
        if (stored.turn().duplicate()) {
            Optional<Long> job = queue.jobOfTurn(stored.turn().id());
            if (job.isPresent()) {
                return new Outcome.AlreadyHandled(job);
            }
            // Stored before a failure that kept its job from being queued: queue it now, nothing is lost.
            result = queue.submit(submission(turn, stored.turn()));
        }
        if (result instanceof SubmitResult.Accepted a) {
            queue.announce();
            LOG.info("Job {} queued at position {} for {}", a.jobId(), a.position(), turn.key());
            return new Outcome.Queued(a.jobId(), a.position());
        }
        String message = ((SubmitResult.Refused) result).message();
        LOG.info("Request of {} refused: {}", turn.key(), message);
        return new Outcome.Told(message);
    }

    private static Submission submission(ChatTurn turn, StoredTurn stored) {
        return new Submission(stored.id(), stored.conversationId(), turn.key().platform(), turn.key().requester(), turn.replyTarget(),
                turn.standing());
    }

    /** Whether this platform message is one of the bot's posted pictures (a reply to it continues its conversation). */
    public boolean isPostedPicture(String platform, String platformMessageId) {
        return outbox.jobOfPostedMessage(platform, platformMessageId).isPresent();
    }

    /** Whether the bot was asked in this thread before, by anyone (a Slack thread it is part of). */
    public boolean inThread(String platform, String workspace, String channel, String thread) {
        return conversations.inThread(platform, workspace, channel, thread);
    }

    /** A message that asks for nothing, kept as context for this person's later requests here. */
    public void context(ChatTurn turn) {
        conversations.store(turn, TurnKind.CONTEXT, Optional.empty(), clock.instant());
    }

    /** /reset: the next message starts a new conversation. */
    public Outcome reset(ChatTurn turn) {
        conversations.store(turn, TurnKind.COMMAND, Optional.empty(), clock.instant());
        boolean hadOne = conversations.reset(turn.key(), clock.instant());
        return new Outcome.Told(hadOne ? "Starting afresh: I've forgotten this conversation's earlier messages."
                : "Nothing to forget: your next message starts a new conversation anyway.");
    }

    /** /cancel: the requester's latest unfinished picture. */
    public Outcome cancel(ChatTurn turn) {
        conversations.store(turn, TurnKind.COMMAND, Optional.empty(), clock.instant());
        Optional<Long> job = queue.latestUnfinished(turn.key().requester());
        if (job.isEmpty()) {
            return new Outcome.Told("You have no pictures in the queue.");
        }
        return new Outcome.Told(switch (queue.cancel(job.get())) {
            case CANCELLED -> "Cancelled job " + job.get() + ".";
            case STOPPING -> "Stopping job " + job.get() + "; it will not be posted.";
            case ALREADY_FINISHED, NOT_FOUND -> "Job " + job.get() + " had already finished.";
        });
    }

    /** A message was edited on its platform; its stored turn follows (a picture already made stays as it is). */
    public boolean edited(String platform, String platformMessageId, String text) {
        return conversations.edit(platform, platformMessageId, text, clock.instant());
    }

    /** A message was deleted on its platform: its words and attachments leave storage. */
    public boolean deleted(String platform, String platformMessageId) {
        boolean was = conversations.delete(platform, platformMessageId, clock.instant());
        if (was) {
            LOG.info("Deleted the stored turn of {} message {}", platform, platformMessageId);
        }
        return was;
    }

    /** The earlier messages a new request of this person here would be planned with. */
    public List<String> history(ConversationKey key) {
        return conversations.recent(key, clock.instant());
    }

    /** The words of the job's own request (the last turn of its history), for "Reroll" and "Edit". */
    public Optional<String> lastRequest(long jobId) {
        return outbox.steps(jobId).map(s -> {
            String request = s.trace().request();
            int cut = request.lastIndexOf(". ");
            return cut < 0 ? request : request.substring(cut + 2);
        });
    }

    /** The three steps of a job, for "Show steps". */
    public Optional<Outbox.Steps> steps(long jobId) {
        return outbox.steps(jobId);
    }
}
