package dev.chatgen.app;

import dev.chatgen.moderation.ModelsCommand;
import dev.chatgen.moderation.Scope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code chatgen models show|allow|deny|reset|audit [--scope SCOPE] [RULE]}: the operator's view
 * of the model policies. The global scope applies everywhere, the console's own requests included.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Show or change which models may be used where (every change is audited).")
final class ModelsCommandLine implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "VERB", description = "show, allow, deny, reset or audit")
    String verb;

    @Parameters(index = "1", arity = "0..1", paramLabel = "RULE", description = "model:ID, tag:TAG, base:BASE or type:TYPE")
    String rule;

    @Option(names = "--scope", defaultValue = "global", paramLabel = "SCOPE",
            description = "global (default), PLATFORM:workspace:ID or PLATFORM:channel:ID, e.g. discord:workspace:123")
    String scope;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Optional<ModelsCommand.Verb> v = ModelsCommand.Verb.parse(verb);
        if (v.isEmpty()) {
            throw new UserInputException("\"" + verb + "\" is not a verb. " + ModelsCommand.usage());
        }
        Scope where;
        try {
            where = Scope.parse(scope);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        try (Services services = Services.open(Wiring.config(config.file))) {
            String answer = new ModelsCommand(services.policies, services.audit, services.catalog)
                    .run(v.get(), where, Optional.ofNullable(rule), "console", "console:" + System.getProperty("user.name", "operator"));
            spec.commandLine().getOut().println(answer);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        return 0;
    }
}
