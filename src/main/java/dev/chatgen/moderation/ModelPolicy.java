package dev.chatgen.moderation;

import dev.chatgen.catalog.T2IModel;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one scope allows: everything (the default), only what an allowlist names, or everything but
 * what a denylist names.
 */
public record ModelPolicy(Mode mode, List<ModelRule> rules) {
    public enum Mode {
        EVERYTHING, ALLOWLIST, DENYLIST
    }

    public static final ModelPolicy EVERYTHING = new ModelPolicy(Mode.EVERYTHING, List.of());

    public ModelPolicy {
        rules = List.copyOf(rules);
        if (mode == Mode.EVERYTHING && !rules.isEmpty()) {
            throw new IllegalArgumentException("allowing everything takes no rules");
        }
    }

    public boolean allows(T2IModel m) {
        return switch (mode) {
            case EVERYTHING -> true;
            case ALLOWLIST -> rules.stream().anyMatch(r -> r.matches(m));
            case DENYLIST -> rules.stream().noneMatch(r -> r.matches(m));
        };
    }

    /** Allowing a rule: onto the allowlist (starting one where everything was allowed), or off the denylist. */
    public ModelPolicy allow(ModelRule rule) {
        return switch (mode) {
            case EVERYTHING -> new ModelPolicy(Mode.ALLOWLIST, List.of(rule));
            case ALLOWLIST -> new ModelPolicy(Mode.ALLOWLIST, with(rule));
            case DENYLIST -> shrink(Mode.DENYLIST, rule);
        };
    }

    /** Denying a rule: onto the denylist (starting one where everything was allowed), or off the allowlist. */
    public ModelPolicy deny(ModelRule rule) {
        return switch (mode) {
            case EVERYTHING -> new ModelPolicy(Mode.DENYLIST, List.of(rule));
            case DENYLIST -> new ModelPolicy(Mode.DENYLIST, with(rule));
            case ALLOWLIST -> shrink(Mode.ALLOWLIST, rule);
        };
    }

    private List<ModelRule> with(ModelRule rule) {
        List<ModelRule> out = new ArrayList<>(rules);
        if (!out.contains(rule)) {
            out.add(rule);
        }
        return out;
    }

    /** Without the rule; an emptied denylist allows everything again, an emptied allowlist allows nothing (said so by describe). */
    private ModelPolicy shrink(Mode keep, ModelRule rule) {
        List<ModelRule> out = new ArrayList<>(rules);
        out.remove(rule);
        return out.isEmpty() && keep == Mode.DENYLIST ? EVERYTHING : new ModelPolicy(keep, out);
    }

    /** "everything", "only tag:anime, model:x", "everything except type:lora", "nothing (an empty allowlist)". */
    public String describe() {
        String list = rules.stream().map(ModelRule::toString).collect(Collectors.joining(", "));
        return switch (mode) {
            case EVERYTHING -> "everything";
            case ALLOWLIST -> rules.isEmpty() ? "nothing (an empty allowlist)" : "only " + list;
            case DENYLIST -> "everything except " + list;
        };
    }
}
