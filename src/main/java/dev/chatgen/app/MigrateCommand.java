package dev.chatgen.app;

import dev.chatgen.config.ChatgenConfig;
import dev.chatgen.store.DatabaseOpener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code chatgen migrate}: bring the database schema up to date, then exit. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Apply the database migrations and exit (every other command does this at start-up too).")
final class MigrateCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--repair", description = "First forget migrations that failed (after you undid what they left behind).")
    boolean repair;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ChatgenConfig cfg = Wiring.config(config.file);
        int applied = repair ? DatabaseOpener.repairAndMigrate(cfg.store(), Services.userData(cfg))
                : DatabaseOpener.migrateOnly(cfg.store(), Services.userData(cfg));
        spec.commandLine().getOut().println(applied == 0 ? "The database is up to date."
                : "Applied " + applied + " migration(s); the database is up to date.");
        return 0;
    }
}
