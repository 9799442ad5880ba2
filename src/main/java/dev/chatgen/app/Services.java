package dev.chatgen.app;

import dev.chatgen.bot.ChatService;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.chat.AttachmentFiles;
import dev.chatgen.chat.Conversations;
import dev.chatgen.chat.HistoryWindow;
import dev.chatgen.config.ChatgenConfig;
import dev.chatgen.config.ConfigException;
import dev.chatgen.config.ModerationConfig;
import dev.chatgen.config.RenderConfig;
import dev.chatgen.moderation.AuditLog;
import dev.chatgen.moderation.ForgetMe;
import dev.chatgen.moderation.ModelsCommand;
import dev.chatgen.moderation.ModerationTools;
import dev.chatgen.moderation.Retention;
import dev.chatgen.moderation.ModelPolicies;
import dev.chatgen.moderation.PlanGuard;
import dev.chatgen.moderation.PromptSafety;
import dev.chatgen.moderation.Quotas;
import dev.chatgen.moderation.RequestRules;
import dev.chatgen.moderation.SafetyRules;
import dev.chatgen.engine.Engine;
import dev.chatgen.ops.ChatgenMetrics;
import dev.chatgen.ops.Health;
import dev.chatgen.ops.Metrics;
import dev.chatgen.ops.OpsServer;
import dev.chatgen.queue.Doorbell;
import dev.chatgen.queue.ImageFiles;
import dev.chatgen.engine.ModelMask;
import dev.chatgen.queue.Installed;
import dev.chatgen.queue.JobPlanner;
import dev.chatgen.queue.JobQueue;
import dev.chatgen.queue.Outbox;
import dev.chatgen.queue.ProgressWatcher;
import dev.chatgen.queue.ReferenceImages;
import dev.chatgen.queue.ReplyDispatcher;
import dev.chatgen.queue.ReplySink;
import dev.chatgen.queue.WorkerPool;
import dev.chatgen.render.ImageBackend;
import dev.chatgen.store.Database;
import dev.chatgen.store.DatabaseOpener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One process's running parts, built from config: the database, the engine, the queue, and
 * whichever of workers, reply dispatchers, progress watcher and the /healthz and /metrics server
 * the command starts. {@link #close()}
 * is the graceful stop: no new claims, running jobs finish or are handed back, replies are flushed.
 */
final class Services implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Services.class);
    /** Longest /healthz waits for the database or a backend: well inside a container health check's timeout. */
    private static final Duration HEALTH_LIMIT = Duration.ofSeconds(3);

    final ChatgenConfig config;
    final Database db;
    final ModelCatalog catalog;
    final Conversations conversations;
    final JobQueue queue;
    final Outbox outbox;
    final ChatService chat;
    final AuditLog audit;
    final ModelPolicies policies;
    final PromptSafety safety;
    final String processId;
    final Metrics registry = new Metrics();
    final ChatgenMetrics metrics = new ChatgenMetrics(registry);
    private final Doorbell work = new Doorbell();
    private final Doorbell replies = new Doorbell();
    private final Clock clock = Clock.systemUTC();
    private final List<ReplyDispatcher> dispatchers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private WorkerPool workers;
    private ScheduledExecutorService retention;
    private ProgressWatcher watcher;
    private OpsServer ops;

    private Services(ChatgenConfig config, Database db, ModelCatalog catalog) {
        this.config = config;
        this.db = db;
        this.catalog = catalog;
        this.processId = processId();
        this.conversations = new Conversations(db, new AttachmentFiles(config.store().attachmentsDir()),
                new HistoryWindow(config.chat().historyWindow(), config.chat().historyTurns()));
        this.queue = new JobQueue(db, config.queue(), clock, work, replies);
        metrics.readQueue(queue::depth);
        this.outbox = new Outbox(db, clock, catalog);
        this.audit = new AuditLog(db);
        this.policies = new ModelPolicies(db, catalog, audit, clock);
        this.safety = new PromptSafety(safetyRules(config.moderation()));
        Quotas quotas = new Quotas(new Quotas.Limits(config.moderation().quotaPerHour(), config.moderation().quotaPerDay()), clock);
        this.chat = new ChatService(conversations, queue, outbox, new RequestRules(safety, quotas), clock);
    }

    /** The built-in safety rules plus the operator's. */
    static SafetyRules safetyRules(ModerationConfig m) {
        try {
            SafetyRules both = SafetyRules.defaults().plus(SafetyRules.parse(m.blockedTerms(), m.blockedPatterns(), m.negativePrefix()));
            // The operator's prefix as written: empty means none, not the default.
            return new SafetyRules(both.blockedTerms(), both.blockedPatterns(), m.negativePrefix());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of("moderation.blocked-terms / moderation.blocked-patterns: " + e.getMessage()));
        }
    }

    /** Opens the database (migrating it) and loads the catalog. */
    static Services open(ChatgenConfig config) {
        ModelCatalog catalog = Wiring.catalog(config);
        // Two per worker (planning reads history while holding its job), heartbeat and reaper, dispatchers, watcher, adapters.
        int pool = 2 * Backends.slotCount(config.render()) + 6;
        Database db = DatabaseOpener.open(config.store(), pool, userData(config));
        LOG.info("Database {} open", db.description());
        return new Services(config, db, catalog);
    }

    static List<java.nio.file.Path> userData(ChatgenConfig config) {
        return List.of(config.render().outDir(), config.store().attachmentsDir());
    }

    /** Starts one worker per GPU slot of the configured backend. */
    void startWorkers() {
        Engine engine = Wiring.engine(catalog, Wiring.encoder(config), config);
        List<ImageBackend> backends = Backends.forSlots(config.render(), catalog);
        Installed installed = new Installed(catalog, backends, Duration.ofMinutes(1), clock);
        JobPlanner planner = new JobPlanner(engine, conversations, db, () -> installed.mask(ModelMask.safeForWork()),
                new PlanGuard(Optional.of(policies), safety));
        ReferenceImages references = claim -> conversations.attachments(claim.turnId()).stream().findFirst();
        workers = new WorkerPool(queue, planner, backends, installed, references, new ImageFiles(config.render().outDir()), outbox,
                processId, work, clock, metrics);
        workers.start();
    }

    /** The moderators' command, "forget me" and the operator's moderation settings, for the chat adapters. */
    ModerationTools moderationTools() {
        return new ModerationTools(new ModelsCommand(policies, audit, catalog), new ForgetMe(db), config.moderation());
    }

    /** Purges what is older than privacy.retention now and every privacy.purge-every, on a daemon thread. */
    void startRetention() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "retention");
            t.setDaemon(true);
            return t;
        });
        new Retention(db, config.privacy().retention(), clock).schedule(timer, config.privacy().purgeEvery());
        retention = timer;
    }

    /** Posts this platform's replies from the outbox, on a thread of its own. */
    ReplyDispatcher startDispatcher(ReplySink sink) {
        ReplyDispatcher d = new ReplyDispatcher(outbox, sink, processId + "/" + sink.platform(), replies, config.queue().pollInterval(),
                metrics);
        dispatchers.add(d);
        start("replies-" + sink.platform(), d);
        return d;
    }

    /**
     * Serves /healthz and /metrics on http.port; first thing a long-running command does, so a
     * taken port stops it before anything else starts.
     */
    void startOps() {
        ops = OpsServer.start(config.http().port(), new Health(db, healthProbes(config.render(), catalog), HEALTH_LIMIT), registry);
        LOG.info("Health and metrics on port {} (/healthz, /metrics)", ops.port());
    }

    /**
     * One client per backend endpoint for /healthz, named by kind and URL ("a1111 http://gpu:7860");
     * clients of their own, so a health check never waits behind a worker's render.
     */
    static Map<String, ImageBackend> healthProbes(RenderConfig render, ModelCatalog catalog) {
        Map<String, ImageBackend> probes = new LinkedHashMap<>();
        for (Backends.Endpoint e : Backends.endpoints(render)) {
            probes.put(e.name(), Backends.probe(render, e, catalog));
        }
        return probes;
    }

    ProgressWatcher startWatcher() {
        watcher = new ProgressWatcher(queue, config.queue().pollInterval());
        start("progress", watcher);
        return watcher;
    }

    private void start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    @Override
    public void close() {
        if (ops != null) {
            ops.close();
        }
        if (workers != null) {
            int handedBack = workers.shutdown(config.queue().shutdownGrace());
            LOG.info("Workers stopped{}", handedBack == 0 ? "" : "; " + handedBack + " unfinished job(s) handed back");
        }
        for (ReplyDispatcher d : dispatchers) {
            d.stop();
        }
        if (watcher != null) {
            watcher.stop();
        }
        if (retention != null) {
            retention.shutdown(); // a purge in progress finishes its batch; no interrupt mid-I/O
        }
        // No interrupts: an interrupted thread in the middle of H2 file I/O closes the database.
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (ReplyDispatcher d : dispatchers) {
            d.deliverPending(); // flush: replies finished during the grace period go out now
        }
        db.close();
    }

    private static String processId() {
        return host() + ":" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
