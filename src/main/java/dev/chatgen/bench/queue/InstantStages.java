package dev.chatgen.bench.queue;

import dev.chatgen.catalog.Demonstration;
import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.engine.PlanResult;
import dev.chatgen.engine.StepTrace;
import dev.chatgen.queue.Claim;
import dev.chatgen.queue.Planner;
import dev.chatgen.render.ImageBackend;
import dev.chatgen.render.RenderProgress;
import dev.chatgen.render.RenderRequest;
import dev.chatgen.render.RenderedImage;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Stand-ins for planning and rendering that cost nothing, so the queue benchmark can measure the
 * queue alone: claims, leases, plan and trace rows, image rows, outbox. Never used by the bot.
 */
final class InstantStages {
    /** A valid 1x1 PNG. */
    private static final byte[] PIXEL = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private InstantStages() {
    }

    /** Plans every job with the same plan, taken from the catalog's first demonstration. */
    static Planner planner(ModelCatalog catalog) {
        Demonstration demo = catalog.demonstrations().get(0);
        T2IModel model = catalog.find(demo.model()).orElseThrow();
        T2IModel checkpoint = model.isLora() ? catalog.find(model.baseCheckpoint()).orElseThrow() : model;
        GenerationPlan plan = new GenerationPlan(demo.prompt(), demo.negativePrompt(), model, checkpoint,
                model.isLora() ? List.of(model) : List.of(), demo.args());
        StepTrace trace = new StepTrace(demo.input(), List.of(),
                new StepTrace.PromptStep(plan.prompt(), plan.negativePrompt(), List.of(), List.of(), List.of(), List.of(), 0),
                new StepTrace.SelectionStep(model.id(), List.of(new StepTrace.Candidate(model.id(), model.name(), 1.0)), List.of(), List.of(), 0),
                new StepTrace.ArgsStep(plan.args(), List.of(), List.of(), 0), 0);
        PlanResult planned = new PlanResult.Planned(plan, trace);
        return (Claim claim) -> planned;
    }

    static ImageBackend backend() {
        return new ImageBackend() {
            @Override
            public String name() {
                return "instant";
            }

            @Override
            public Optional<String> loadedCheckpoint() {
                return Optional.empty();
            }

            @Override
            public dev.chatgen.render.InstalledModels installedModels() {
                return dev.chatgen.render.InstalledModels.any();
            }

            @Override
            public void cancel() {
            }

            @Override
            public RenderedImage render(RenderRequest request, RenderProgress progress) {
                return new RenderedImage(PIXEL, 1, 1, new RenderedImage.Ran("instant", "none", request.seed(), List.of(), List.of()), java.time.Duration.ZERO);
            }
        };
    }
}
