package dev.chatgen.moderation;

import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.engine.ModelMask;
import dev.chatgen.engine.PlanResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Moderation around planning: the person's words lose anything a backend would read as an
 * instruction (a LoRA tag, pasted generation parameters), the place's model policies mask stage 2,
 * and the written prompt is checked too, keeps only the plan's own LoRA tags and gets the default
 * negative prefix (not in adult places, which opted in to what it steers away from).
 */
public final class PlanGuard {
    private static final Logger LOG = LoggerFactory.getLogger(PlanGuard.class);

    private final Optional<ModelPolicies> policies;
    private final PromptSafety safety;

    public PlanGuard(Optional<ModelPolicies> policies, PromptSafety safety) {
        this.policies = policies;
        this.safety = safety;
    }

    /** No model policies, the default safety rules. */
    public static PlanGuard defaults() {
        return new PlanGuard(Optional.empty(), new PromptSafety(SafetyRules.defaults()));
    }

    public List<String> sanitize(List<String> turns) {
        return turns.stream().map(t -> PromptSafety.sanitizeRequest(t).text()).toList();
    }

    public ModelMask mask(Place place, ModelMask base) {
        return policies.map(p -> p.mask(place, base)).orElse(place.adultContent() ? base.allowingNsfw() : base);
    }

    /** The plan as it may be rendered here, or the reason there is none (said to the person). */
    public PlanResult review(long jobId, Place place, PlanResult result) {
        if (result instanceof PlanResult.Unplannable u) {
            String allowed = policies.map(p -> p.allowedHere(place)).orElse("");
            return allowed.isEmpty() || !u.message().startsWith("None of the models allowed here") ? u
                    : new PlanResult.Unplannable(u.message() + " " + allowed);
        }
        PlanResult.Planned p = (PlanResult.Planned) result;
        GenerationPlan plan = p.plan();
        Optional<PromptSafety.Blocked> blocked = safety.check(plan.prompt(), PromptSafety.Stage.PROMPT);
        if (blocked.isPresent()) {
            LOG.info("Job {}: the written prompt was blocked by {}", jobId, blocked.get().rule());
            return new PlanResult.Unplannable(RequestRules.blockedMessage());
        }
        Set<String> own = plan.loras().stream().map(T2IModel::loraTag).collect(Collectors.toSet());
        String prompt = PromptSafety.stripForeignNetworkTags(plan.prompt(), own);
        String negative = place.adultContent() ? plan.negativePrompt() : safety.negativePrompt(plan.negativePrompt());
        return new PlanResult.Planned(new GenerationPlan(prompt, negative, plan.model(), plan.checkpoint(), plan.loras(), plan.args()), p.trace());
    }
}
