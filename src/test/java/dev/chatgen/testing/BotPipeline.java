package dev.chatgen.testing;

import dev.chatgen.bot.ChatService;
import dev.chatgen.chat.AttachmentFiles;
import dev.chatgen.chat.Conversations;
import dev.chatgen.chat.HistoryWindow;
import dev.chatgen.config.ModerationConfig;
import dev.chatgen.config.QueueConfig;
import dev.chatgen.engine.ModelMask;
import dev.chatgen.moderation.AuditLog;
import dev.chatgen.moderation.ForgetMe;
import dev.chatgen.moderation.ModelPolicies;
import dev.chatgen.moderation.ModelsCommand;
import dev.chatgen.moderation.ModerationTools;
import dev.chatgen.moderation.PlanGuard;
import dev.chatgen.moderation.PromptSafety;
import dev.chatgen.moderation.Quotas;
import dev.chatgen.moderation.RequestRules;
import dev.chatgen.moderation.SafetyRules;
import dev.chatgen.queue.Doorbell;
import dev.chatgen.queue.ImageFiles;
import dev.chatgen.queue.JobPlanner;
import dev.chatgen.queue.JobQueue;
import dev.chatgen.queue.Outbox;
import dev.chatgen.queue.ProgressWatcher;
import dev.chatgen.queue.ReplyDispatcher;
import dev.chatgen.queue.ReplySink;
import dev.chatgen.queue.WorkerPool;
import dev.chatgen.render.RecipeCardBackend;
import dev.chatgen.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything behind a chat adapter, for its end-to-end tests: an H2 file, the real engine, the
 * queue with one worker rendering recipe cards, the progress watcher, and (once the adapter is up)
 * a reply dispatcher posting to the adapter's sink.
 */
public final class BotPipeline implements AutoCloseable {
    public static final QueueConfig QUEUE = new QueueConfig(3, Duration.ofMillis(50), Duration.ofSeconds(5), 5,
            Duration.ofSeconds(60), Duration.ofMillis(20), Duration.ofSeconds(2));

    /** Nobody moderates by configuration, no server opted in to NSFW, no quotas. */
    public static final ModerationConfig MODERATION = new ModerationConfig("", "", SafetyRules.DEFAULT_NEGATIVE_PREFIX, 0, 0,
            Set.of(), Set.of(), Set.of());

    private final Database db;
    private final ChatService chat;
    private final ModelPolicies policies;
    private final ModerationTools moderation;
    private final WorkerPool pool;
    private final ProgressWatcher progress;
    private final Outbox outbox;
    private final Doorbell replies;
    private final List<ReplyDispatcher> dispatchers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    public BotPipeline(Path dir) {
        this(dir, Quotas.Limits.NONE, MODERATION);
    }

    /** With quotas, and moderation settings (moderator roles and ids, NSFW servers) of the test's own. */
    public BotPipeline(Path dir, Quotas.Limits quotas, ModerationConfig settings) {
        Clock clock = Clock.systemUTC();
        db = TestDatabases.open(TestDatabases.Kind.H2, dir);
        Doorbell work = new Doorbell();
        replies = new Doorbell();
        Conversations conversations = new Conversations(db, new AttachmentFiles(dir.resolve("attachments")),
                new HistoryWindow(Duration.ofMinutes(30), 8));
        JobQueue queue = new JobQueue(db, QUEUE, clock, work, replies);
        outbox = new Outbox(db, clock, SharedEngine.catalog());
        AuditLog audit = new AuditLog(db);
        policies = new ModelPolicies(db, SharedEngine.catalog(), audit, clock);
        PromptSafety safety = new PromptSafety(SafetyRules.defaults());
        chat = new ChatService(conversations, queue, outbox, new RequestRules(safety, new Quotas(quotas, clock)), clock);
        moderation = new ModerationTools(new ModelsCommand(policies, audit, SharedEngine.catalog()), new ForgetMe(db), settings);
        JobPlanner planner = new JobPlanner(SharedEngine.engine(), conversations, db, ModelMask::safeForWork,
                new PlanGuard(Optional.of(policies), safety));
        pool = new WorkerPool(queue, planner, RecipeCardBackend::new,
                new ImageFiles(dir.resolve("images")), outbox, 1, "test", work, clock);
        pool.start();
        progress = new ProgressWatcher(queue, QUEUE.pollInterval());
        daemon(progress);
    }

    public Database db() {
        return db;
    }

    public ChatService chat() {
        return chat;
    }

    public ProgressWatcher progress() {
        return progress;
    }

    public ModelPolicies policies() {
        return policies;
    }

    /** What the adapters get for moderation: the models command over this database, forget-me, {@link #MODERATION}. */
    public ModerationTools moderation() {
        return moderation;
    }

    /** Posts finished replies to the sink from now on. */
    public void dispatchTo(ReplySink sink) {
        ReplyDispatcher d = new ReplyDispatcher(outbox, sink, "test/" + sink.platform(), replies, QUEUE.pollInterval());
        dispatchers.add(d);
        daemon(d);
    }

    private void daemon(Runnable r) {
        Thread t = new Thread(r, "pipeline-" + threads.size());
        t.setDaemon(true);
        t.start();
        threads.add(t);
    }

    @Override
    public void close() throws InterruptedException {
        dispatchers.forEach(ReplyDispatcher::stop);
        progress.stop();
        for (Thread t : threads) {
            t.join(2000);
        }
        pool.shutdown(Duration.ofSeconds(2));
        db.close();
    }
}
