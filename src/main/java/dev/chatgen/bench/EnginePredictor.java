package dev.chatgen.bench;

import dev.chatgen.chat.Attachment;
import dev.chatgen.engine.Engine;
import dev.chatgen.engine.ModelMask;
import dev.chatgen.engine.PlanRequest;
import dev.chatgen.engine.PlanResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** ChatGen-Evo as the bot runs it: every case planned by the engine, timed from request to plan. */
public final class EnginePredictor implements Predictor {
    private final Engine engine;
    private final String name;

    public EnginePredictor(String name, Engine engine) {
        this.name = name;
        this.engine = engine;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Prediction predict(BenchCase c) {
        List<Attachment> attachments = new ArrayList<>();
        for (Path image : c.images()) {
            try {
                attachments.add(new Attachment(image.getFileName().toString(), Files.readAllBytes(image)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read test image " + image, e);
            }
        }
        // The benchmark's reference may be any catalog model, so nothing is masked here.
        PlanRequest request = new PlanRequest(c.turns(), attachments, ModelMask.safeForWork().allowingNsfw());
        long start = System.nanoTime();
        PlanResult result = engine.plan(request);
        double ms = (System.nanoTime() - start) / 1e6;
        if (result instanceof PlanResult.Planned planned) {
            var plan = planned.plan();
            return new Prediction(c.id(), plan.prompt(), plan.negativePrompt(), plan.model().id(), plan.args(), ms);
        }
        String why = ((PlanResult.Unplannable) result).message();
        throw new IllegalStateException("case " + c.id() + " could not be planned: " + why);
    }
}
