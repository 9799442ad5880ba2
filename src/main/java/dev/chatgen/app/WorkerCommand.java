package dev.chatgen.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code chatgen worker}: queue workers only, for a GPU machine beside the bot (PostgreSQL shares the queue). */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run queue workers only (one per render.slots) until SIGTERM; the bot process posts the replies. "
                + "/healthz and /metrics on http.port.")
final class WorkerCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        StopSignal stop = StopSignal.install();
        try (Services services = Services.open(Wiring.config(config.file))) {
            services.startOps();
            services.startWorkers();
            stop.await();
        }
        return 0;
    }
}
