package dev.chatgen.engine;

import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.args.ArgConfigurer;
import dev.chatgen.engine.args.ArgsRequest;
import dev.chatgen.engine.args.ConfiguredArgs;
import dev.chatgen.engine.prompt.PromptRequest;
import dev.chatgen.engine.prompt.PromptWriter;
import dev.chatgen.engine.prompt.ReadRequest;
import dev.chatgen.engine.prompt.RequestReader;
import dev.chatgen.engine.prompt.WrittenPrompt;
import dev.chatgen.engine.select.ModelSelector;
import dev.chatgen.engine.select.RequestFeatures;
import dev.chatgen.engine.select.Selection;
import dev.chatgen.engine.select.SelectionInput;

import java.util.ArrayList;
import java.util.List;

/**
 * ChatGen-Evo's three stages for one request: write the prompt, select the model with
 * ModelTokens, configure the arguments from the model's demonstrations. Knows no platform;
 * thread-safe once built.
 */
public final class Engine {
    static final String NOTHING_TO_DRAW = "I couldn't find anything to draw in that message. Tell me what you'd like to see, "
            + "for example \"a lighthouse at dusk, watercolor\".";

    private final ModelCatalog catalog;
    private final RequestReader reader;
    private final RequestFeatures features;
    private final AttachmentReader attachments;
    private final ModelSelector selector;
    private final PromptWriter writer;
    private final ArgConfigurer configurer;
    private final EngineStages stages;

    Engine(ModelCatalog catalog, RequestReader reader, RequestFeatures features, AttachmentReader attachments,
           ModelSelector selector, PromptWriter writer, ArgConfigurer configurer, EngineStages stages) {
        this.catalog = catalog;
        this.reader = reader;
        this.features = features;
        this.attachments = attachments;
        this.selector = selector;
        this.writer = writer;
        this.configurer = configurer;
        this.stages = stages;
    }

    /** Which backend writes the prompts and configures the arguments, and how an LLM among them has fared. */
    public EngineStages stages() {
        return stages;
    }

    public PlanResult plan(PlanRequest request) {
        long start = System.nanoTime();
        ReadRequest read = reader.read(request.turns());
        AttachmentReader.Findings found = attachments.read(request.attachments());
        if (read.isEmpty() && found.subject().isEmpty()) {
            return new PlanResult.Unplannable(NOTHING_TO_DRAW);
        }
        if (read.subject().isEmpty()) {
            read = new ReadRequest(read.conversation(), found.subject(), read.exclusions(), read.notes());
        }
        long readDone = System.nanoTime();

        float[] h = features.of(read);
        Continuity continuity = Continuity.of(request.previous(), found, catalog);
        Selection selection = selector.select(new SelectionInput(h, read.conversation(), continuity.evidence(), continuity.notes()), request.mask());
        long selected = System.nanoTime();
        if (selection.chosen().isEmpty()) {
            return new PlanResult.Unplannable("None of the models allowed here can make this picture"
                    + (selection.masked().isEmpty() ? "." : " (" + String.join("; ", selection.masked()) + ")."));
        }
        T2IModel model = selection.chosen().get();

        WrittenPrompt written = writer.write(new PromptRequest(read, request.turns(), found.pictures(),
                request.previous().map(PriorPlan::prompt), model, h));
        long writtenDone = System.nanoTime();

        ConfiguredArgs args = configurer.configure(new ArgsRequest(model, h, request.turns(), found.args(), continuity.previousArgs(model)));
        long done = System.nanoTime();

        T2IModel checkpoint = model.isLora() ? catalog.find(model.baseCheckpoint()).orElseThrow() : model;
        GenerationPlan plan = new GenerationPlan(written.prompt(), written.negativePrompt(), model, checkpoint,
                model.isLora() ? List.of(model) : List.of(), args.args());
        List<String> promptNotes = new ArrayList<>(read.notes());
        promptNotes.addAll(written.notes());
        StepTrace trace = new StepTrace(
                read.conversation(),
                found.notes(),
                new StepTrace.PromptStep(written.prompt(), written.negativePrompt(), read.subject(), read.exclusions(),
                        written.styleFrom(), promptNotes, micros(start, readDone) + micros(selected, writtenDone)),
                new StepTrace.SelectionStep(model.id(),
                        selection.candidates().stream().map(c -> new StepTrace.Candidate(c.model().id(), c.model().name(), c.probability())).toList(),
                        selection.masked(), selection.notes(), micros(readDone, selected)),
                new StepTrace.ArgsStep(args.args(),
                        args.votes().stream().map(v -> new StepTrace.Evidence(v.demoId(), v.similarity())).toList(),
                        args.userRequested(), args.notes(), micros(writtenDone, done)),
                micros(start, done));
        return new PlanResult.Planned(plan, trace);
    }

    private static long micros(long from, long to) {
        return (to - from) / 1_000;
    }
}
