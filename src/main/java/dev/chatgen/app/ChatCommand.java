package dev.chatgen.app;

import dev.chatgen.adapter.console.ConsoleChat;
import dev.chatgen.adapter.console.ConsoleSink;
import dev.chatgen.chat.ConversationKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code chatgen chat}: the terminal chat, on the same path as the bots. The README's main command. */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Chat in the terminal: each line is a message; pictures go through the queue like the bots'.")
final class ChatCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Services services = Services.open(Wiring.config(config.file));
        PrintWriter out = spec.commandLine().getOut();
        StopSignal.install().onStop(() -> {
            services.close();
            out.flush();
            Runtime.getRuntime().halt(0); // stdin may be blocked in a read that nothing else ends
        });
        try (services) {
            ConsoleSink sink = new ConsoleSink(out, Path.of(""));
            services.startWorkers();
            services.startDispatcher(sink);
            var progress = services.startWatcher();
            ConversationKey key = new ConversationKey(ConsoleSink.PLATFORM, Services.host(), "terminal", "",
                    System.getProperty("user.name", "you"));
            var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            new ConsoleChat(services.chat, progress, sink, key, in, out, System.console() != null).run();
        }
        return 0;
    }
}
