package dev.chatgen.app;

import dev.chatgen.bench.queue.QueueBench;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.chat.AttachmentFiles;
import dev.chatgen.chat.Conversations;
import dev.chatgen.chat.HistoryWindow;
import dev.chatgen.config.ChatgenConfig;
import dev.chatgen.config.StoreConfig;
import dev.chatgen.engine.Engine;
import dev.chatgen.queue.JobPlanner;
import dev.chatgen.render.RecipeCardBackend;
import dev.chatgen.store.Database;
import dev.chatgen.store.DatabaseOpener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code chatgen bench-queue}: the queue's latency and throughput on a fresh database. */
@Command(name = "bench-queue", mixinStandardHelpOptions = true,
        description = "Measure the job queue: submit -> done latency one job at a time, then throughput of a burst.")
final class QueueBenchCommand implements Callable<Integer> {
    enum Stages { instant, engine }

    @Mixin
    ConfigOption config;

    @Option(names = "--warmup", defaultValue = "200", description = "Jobs run first, unmeasured, to warm the JIT (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--jobs", defaultValue = "300", description = "Jobs sent one at a time for latency (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--burst", defaultValue = "2000", description = "Jobs sent at once for throughput (default: ${DEFAULT-VALUE}).")
    int burst;

    @Option(names = "--workers", defaultValue = "4", description = "Worker slots (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--stages", defaultValue = "instant", description = "instant: planning and rendering cost nothing, "
            + "so the queue is measured alone; engine: the real engine and recipe card (default: ${DEFAULT-VALUE}).")
    Stages stages;

    @Option(names = "--store-url", paramLabel = "JDBC_URL", description = "Benchmark this database (PostgreSQL) instead of a fresh H2 file.")
    String storeUrl;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ChatgenConfig cfg = Wiring.config(config.file);
        Path dir = Files.createTempDirectory("chatgen-queue-bench");
        StoreConfig store = storeUrl == null
                ? new StoreConfig("", dir.resolve("chatgen"), "", "", cfg.store().migrations(), dir.resolve("attachments"))
                : new StoreConfig(storeUrl, dir.resolve("unused"), cfg.store().user(), cfg.store().password(), cfg.store().migrations(),
                dir.resolve("attachments"));
        ModelCatalog catalog = Wiring.catalog(cfg);
        var out = spec.commandLine().getOut();
        try (Database db = DatabaseOpener.open(store, 2 * workers + 6, List.of())) {
            Engine engine = stages == Stages.engine ? Wiring.engine(catalog, Wiring.encoder(cfg), cfg) : null;
            Conversations conversations = new Conversations(db, new AttachmentFiles(dir.resolve("attachments")),
                    new HistoryWindow(Duration.ofMinutes(30), 8));
            QueueBench.Result r = new QueueBench(db, catalog, dir.resolve("images"), dir.resolve("attachments"))
                    .run(new QueueBench.Settings(warmup, jobs, burst, workers, stages == Stages.engine),
                            () -> new JobPlanner(engine, conversations, db), RecipeCardBackend::new);
            out.printf(Locale.ROOT, "Queue benchmark on %s, %d worker(s), stages: %s%n", db.description(), workers,
                    stages == Stages.engine ? "engine + recipe card" : "instant stand-ins (the queue alone)");
            out.printf(Locale.ROOT, "  one at a time (%d jobs after %d unmeasured), message stored -> job done: p50 %.2f ms, p95 %.2f ms%n", jobs, warmup,
                    ms(r.latency().p50()), ms(r.latency().p95()));
            out.printf(Locale.ROOT, "  queue overhead (that minus planning and rendering): p50 %.2f ms, p95 %.2f ms%n",
                    ms(r.overhead().p50()), ms(r.overhead().p95()));
            out.printf(Locale.ROOT, "  burst of %d jobs: %.0f jobs/s (%.2f s from first message to last job done), %d posted, %d failed%n",
                    r.throughputJobs(), r.jobsPerSecond(), r.span().toNanos() / 1e9, r.posted(), r.failed());
        }
        return 0;
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }
}
