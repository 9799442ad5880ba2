package dev.chatgen.app;

import dev.chatgen.catalog.ModelCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code chatgen catalog ...}: look after model catalogs. */
@Command(name = "catalog", mixinStandardHelpOptions = true, description = "Check or generate model catalogs.",
        subcommands = {CatalogCommand.Check.class, SynthesizeCommand.class})
final class CatalogCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Validates the configured catalog and prints a summary. */
    @Command(name = "check", mixinStandardHelpOptions = true, description = "Validate the configured catalog (every problem with file and line).")
    static final class Check implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ModelCatalog catalog = Wiring.catalog(Wiring.config(config.file));
            long loras = catalog.models().stream().filter(m -> m.isLora()).count();
            spec.commandLine().getOut().printf("catalog OK: %d models (%d checkpoints, %d LoRAs), %d demonstrations%n",
                    catalog.size(), catalog.size() - loras, loras, catalog.demonstrations().size());
            return 0;
        }
    }
}
