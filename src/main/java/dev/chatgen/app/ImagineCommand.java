package dev.chatgen.app;

import dev.chatgen.chat.Attachment;
import dev.chatgen.config.ChatgenConfig;
import dev.chatgen.config.RenderBackend;
import dev.chatgen.engine.Engine;
import dev.chatgen.engine.ModelMask;
import dev.chatgen.engine.PlanRequest;
import dev.chatgen.engine.PlanResult;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code chatgen imagine}: one request through the three stages, printed readably or as JSON. */
@Command(name = "imagine", mixinStandardHelpOptions = true,
        description = "Plan one request: write the prompt, choose the model, configure the arguments.")
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

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the rendered image (needs an image backend; this build plans only).")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "What you would like to see, as you would say it.")
    List<String> words;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ChatgenConfig cfg = Wiring.config(config.file);
        List<Attachment> attachments = readImages();
        var encoder = Wiring.encoder(cfg);
        Engine engine = Wiring.engine(Wiring.catalog(cfg), encoder, cfg);
        List<String> turns = new ArrayList<>(history);
        turns.add(String.join(" ", words));
        PlanResult result = engine.plan(new PlanRequest(turns, attachments, ModelMask.safeForWork()));
        var stdout = spec.commandLine().getOut();
        if (result instanceof PlanResult.Unplannable u) {
            stdout.println(json ? PlanJson.JSON.createObjectNode().put("error", u.message()).toString() : u.message());
            return UNPLANNABLE;
        }
        PlanResult.Planned planned = (PlanResult.Planned) result;
        stdout.print(json ? PlanJson.of(planned.plan(), planned.trace()).toPrettyString() + "\n" : TraceText.of(planned.plan(), planned.trace()));
        if (out != null || cfg.render().backend() != RenderBackend.RECIPE) {
            spec.commandLine().getErr().println("No image was rendered: this build has no image backend yet, so it prints the plan only.");
        }
        stdout.flush();
        return 0;
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
