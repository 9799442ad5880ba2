package dev.chatgen.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code chatgen} command line. Logs go to stderr so that stdout stays parseable. */
@Command(name = "chatgen", mixinStandardHelpOptions = true, version = "chatgen 0.1.0",
        description = "Chat-first text-to-image: ChatGen-Evo's three stages (prompt, model, arguments).",
        subcommands = {ChatCommand.class, ImagineCommand.class, ServeCommand.class, WorkerCommand.class, MigrateCommand.class,
                BenchCommand.class, QueueBenchCommand.class, CatalogCommand.class, ModelsCommandLine.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        // Nothing is ever downloaded: DJL finds libtorch in the pytorch-native-cpu jar.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        // DJL's engine banner and its "no CUDA here" probe are noise on a CPU machine.
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda", "error");
        // Flyway and Hikari narrate every start; DatabaseOpener says what matters once.
        System.setProperty("org.slf4j.simpleLogger.log.org.flywaydb", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new ErrorReporter());
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
