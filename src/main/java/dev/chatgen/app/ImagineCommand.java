package dev.chatgen.app;

import dev.chatgen.adapter.console.TraceText;
import dev.chatgen.engine.PlanJson;
import dev.chatgen.chat.Attachment;
import dev.chatgen.config.ChatgenConfig;
import dev.chatgen.bot.Outcome;
import dev.chatgen.chat.ChatTurn;
import dev.chatgen.chat.ConversationKey;
import dev.chatgen.chat.TurnKind;
import dev.chatgen.queue.Reply;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code chatgen imagine}: one request through the queue like a chat message (stored, planned,
 * rendered), with its three steps printed readably or as JSON.
 */
@Command(name = "imagine", mixinStandardHelpOptions = true,
        description = "Make one picture: write the prompt, choose the model, configure the arguments, render.")
final class ImagineCommand implements Callable<Integer> {
    /** Exit code when the request itself gives nothing to plan (the message says why). */
    static final int UNPLANNABLE = 3;

    @Mixin
    ConfigOption config;

    @Option(names = "--image", paramLabel = "PATH", description = "A picture attached to the request (its generation metadata, if any, is evidence).")
    List<Path> images = new ArrayList<>();

    @Option(names = "--history", paramLabel = "TEXT", description = "An earlier message of the conversation, oldest first; repeat for several.")
    List<String> history = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object: prompt, negative_prompt, model, args, and the trace.")
    boolean json;

    @Option(names = "--out", paramLabel = "FILE", description = "Also copy the image here (it is kept under render.out-dir too).")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "What you would like to see, as you would say it.")
    List<String> words;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ChatgenConfig cfg = Wiring.config(config.file);
        List<Attachment> attachments = readImages();
        var stdout = spec.commandLine().getOut();
        try (Services services = Services.open(cfg)) {
            ReplyCollector replies = new ReplyCollector();
            services.startWorkers();
            services.startDispatcher(replies);
            // A conversation of its own: --history is this run's history, not an earlier run's.
            ConversationKey key = new ConversationKey(ReplyCollector.PLATFORM, Services.host(), "imagine",
                    UUID.randomUUID().toString(), System.getProperty("user.name", "you"));
            for (String earlier : history) {
                services.conversations.store(ChatTurn.of(key, earlier, List.of(), ""), TurnKind.REQUEST, Optional.empty(), Instant.now());
            }
            Outcome outcome = services.chat.request(ChatTurn.of(key, String.join(" ", words), attachments, ""));
            if (!(outcome instanceof Outcome.Queued queued)) {
                stdout.println(outcome instanceof Outcome.Told t ? t.message() : "The request was not queued.");
                return UNPLANNABLE;
            }
            Reply reply = replies.replyOf(queued.jobId()).get();
            if (!reply.done() || reply.steps().isEmpty()) {
                String message = reply.message().orElse("The picture failed.");
                stdout.println(json ? PlanJson.JSON.createObjectNode().put("error", message).toString() : message);
                return UNPLANNABLE;
            }
            var steps = reply.steps().get();
            Path image = reply.image().orElseThrow();
            if (out != null) {
                Files.copy(image, out, StandardCopyOption.REPLACE_EXISTING);
                image = out;
            }
            if (json) {
                var n = PlanJson.of(steps.plan(), steps.trace());
                n.put("image", image.toString());
                n.put("job", reply.jobId());
                stdout.println(n.toPrettyString());
            } else {
                stdout.print(TraceText.of(steps.plan(), steps.trace()));
                stdout.println("Image: " + image);
            }
            stdout.flush();
            return 0;
        }
    }

    private List<Attachment> readImages() throws IOException {
        List<Attachment> attachments = new ArrayList<>();
        for (Path p : images) {
            try {
                attachments.add(new Attachment(p.getFileName().toString(), Files.readAllBytes(p)));
            } catch (NoSuchFileException e) {
                throw new UserInputException("cannot read image " + p + ": no such file");
            }
        }
        return attachments;
    }
}
