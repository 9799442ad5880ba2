package dev.chatgen.engine.llm;

import dev.chatgen.catalog.BaseModel;
import dev.chatgen.catalog.Demonstration;
import dev.chatgen.catalog.GenArgs;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.PlanJson;
import dev.chatgen.engine.args.ArgConfigurer;
import dev.chatgen.engine.args.ArgsRequest;
import dev.chatgen.engine.args.AskedArgs;
import dev.chatgen.engine.args.ConfiguredArgs;
import dev.chatgen.engine.args.KnownSamplers;
import dev.chatgen.engine.args.UserArgs;
import dev.chatgen.engine.args.UserArgsParser;
import dev.chatgen.engine.encode.DemoIndex;
import dev.chatgen.engine.encode.Vectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stage 3 by an LLM, as the paper's in-context learning: the chosen model's demonstrations
 * nearest to the request are shown as examples (request, then the arguments its author used),
 * and the LLM answers the new request in the same JSON. The answer is checked strictly; then,
 * as in the embedded configurer, an attached picture's metadata and the picture being refined
 * carry over, and what the person asked for in words wins. An unusable answer or any failure
 * hands the request to the embedded configurer, and the trace says so.
 */
public final class LlmArgConfigurer implements ArgConfigurer {
    private static final int MAX_TOKENS = 200;

    private final ChatCompletions llm;
    private final ArgConfigurer embedded;
    private final DemoIndex demos;
    private final int examples;
    private final Set<String> samplers;
    private final UserArgsParser parser;
    private final LlmOutcomes outcomes;

    /**
     * @param embedded the configurer that stands in when the LLM fails
     * @param examples how many of the model's nearest demonstrations are shown
     */
    public LlmArgConfigurer(ChatCompletions llm, ArgConfigurer embedded, DemoIndex demos, int examples, LlmOutcomes outcomes) {
        this.llm = llm;
        this.embedded = embedded;
        this.demos = demos;
        this.examples = examples;
        this.samplers = KnownSamplers.andThoseOf(demos.catalog().demonstrations());
        this.parser = new UserArgsParser(samplers);
        this.outcomes = outcomes;
    }

    @Override
    public ConfiguredArgs configure(ArgsRequest request) {
        T2IModel model = request.model();
        int[] shown = demos.nearestOf(demos.catalog().indexOf(model.id()), request.features(), examples);
        List<Demonstration> shownDemos = new ArrayList<>();
        List<ConfiguredArgs.Vote> votes = new ArrayList<>();
        double[] similarity = new double[shown.length];
        for (int i = 0; i < shown.length; i++) {
            Demonstration d = demos.demonstration(shown[i]);
            similarity[i] = Vectors.dot(request.features(), demos.features(shown[i]));
            shownDemos.add(d);
            votes.add(new ConfiguredArgs.Vote(d.demoId(), similarity[i]));
        }
        String where = llm.endpoint().where();
        try {
            GenArgs answered = ArgsAnswer.parse(llm.complete(messages(model, shownDemos, request.turns()), MAX_TOKENS), model.base(), samplers, where);
            outcomes.answered();
            // An attached image's metadata wins over the picture being refined, which keeps its size: as the embedded configurer does.
            Optional<GenArgs> carried = request.fromImage().or(request::previous);
            if (carried.isPresent()) {
                GenArgs c = carried.get();
                answered = answered.withSampler(c.sampler()).withSteps(c.steps()).withCfgScale(c.cfgScale());
            }
            if (request.previous().isPresent()) {
                answered = answered.withSize(request.previous().get().width(), request.previous().get().height());
            }
            UserArgs asked = parser.parse(request.turns());
            GenArgs args = AskedArgs.apply(answered, asked, model.base(), shownDemos, similarity);
            return new ConfiguredArgs(args, votes, asked.asked(), List.of(outcomes.stage() + ": chosen by " + llm.endpoint().describe()
                    + " from " + shown.length + " of the model's demonstrations"));
        } catch (LlmException e) {
            outcomes.fellBack(e);
            ConfiguredArgs standIn = embedded.configure(request);
            List<String> notes = new ArrayList<>();
            notes.add(outcomes.stage() + ": " + e.getMessage() + "; " + outcomes.standIn() + " chose these arguments");
            notes.addAll(standIn.notes());
            return new ConfiguredArgs(standIn.args(), standIn.votes(), standIn.userRequested(), notes);
        }
    }

    private List<ChatMessage> messages(T2IModel model, List<Demonstration> shown, List<String> turns) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system(instructions(model)));
        for (Demonstration d : shown) {
            messages.add(ChatMessage.user(String.join("\n", d.turns())));
            messages.add(ChatMessage.assistant(PlanJson.args(d.args()).toString()));
        }
        messages.add(ChatMessage.user(String.join("\n", turns)));
        return messages;
    }

    private String instructions(T2IModel model) {
        BaseModel base = model.base();
        return "You choose the generation settings for a Stable Diffusion picture made with \"" + model.name()
                + (model.version().isEmpty() ? "" : " " + model.version()) + "\" (" + model.type().label() + ", " + base.label() + ").\n"
                + "The examples are earlier requests for this model and the settings their authors used; answer the last request the same way.\n"
                + "sampler: one of " + String.join(", ", samplers) + ".\n"
                + "steps: a whole number from " + GenArgs.MIN_STEPS + " to " + GenArgs.MAX_STEPS + "; cfg_scale: from "
                + GenArgs.plainNumber(GenArgs.MIN_CFG) + " to " + GenArgs.plainNumber(GenArgs.MAX_CFG) + ".\n"
                + "width and height: multiples of 64 from " + base.minSide() + " to " + base.maxSide() + "; " + base.label()
                + " works best near " + base.nativeSide() + "x" + base.nativeSide() + " pixels in all, in the shape the request suggests.\n"
                + "Answer with only a JSON object: {\"sampler\": \"...\", \"steps\": 0, \"cfg_scale\": 0, \"width\": 0, \"height\": 0}";
    }
}
