package dev.chatgen.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code chatgen serve}: chat adapters and workers in one process, until SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the chat adapters and the queue workers in one process until SIGTERM.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        StopSignal stop = StopSignal.install();
        try (Services services = Services.open(Wiring.config(config.file))) {
            services.startWorkers();
            services.startWatcher();
            // Discord and Slack adapters join here as they are built; until then serve runs the workers.
            stop.await();
        }
        return 0;
    }
}
