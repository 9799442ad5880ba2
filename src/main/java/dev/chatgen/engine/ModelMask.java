package dev.chatgen.engine;

import dev.chatgen.catalog.T2IModel;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which models may be chosen for a request. Applied to the ModelToken logits at inference, never
 * by retraining. {@link #rejection} says in words why a model is out, for the trace and the user.
 */
public final class ModelMask {
    private final boolean allowNsfw;
    private final Set<String> installed;
    private final Predicate<T2IModel> policy;
    private final String policyName;

    private ModelMask(boolean allowNsfw, Set<String> installed, Predicate<T2IModel> policy, String policyName) {
        this.allowNsfw = allowNsfw;
        this.installed = installed == null ? null : Set.copyOf(installed);
        this.policy = policy;
        this.policyName = policyName;
    }

    /** Every model except those flagged NSFW: the default everywhere. */
    public static ModelMask safeForWork() {
        return new ModelMask(false, null, m -> true, "allowed");
    }

    /** Lets NSFW-flagged models through (age-restricted places that opted in). */
    public ModelMask allowingNsfw() {
        return new ModelMask(true, installed, policy, policyName);
    }

    /** Only models whose ids a backend reports as installed. */
    public ModelMask installedOnly(Set<String> ids) {
        return new ModelMask(allowNsfw, ids, policy, policyName);
    }

    /** Adds a moderation rule; {@code name} is how the trace refers to it. */
    public ModelMask and(String name, Predicate<T2IModel> rule) {
        return new ModelMask(allowNsfw, installed, policy.and(rule), name);
    }

    /** Why {@code model} may not be used here, or empty when it may. */
    public Optional<String> rejection(T2IModel model) {
        if (model.nsfw() && !allowNsfw) {
            return Optional.of("flagged NSFW");
        }
        if (installed != null && !installed.contains(model.id())) {
            return Optional.of("not installed on the image backend");
        }
        if (!policy.test(model)) {
            return Optional.of("not " + policyName + " here");
        }
        return Optional.empty();
    }
}
