package dev.chatgen.moderation;

import dev.chatgen.catalog.ModelCatalog;
import dev.chatgen.catalog.T2IModel;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The moderators' model command, the same words on Discord, Slack and the console:
 * {@code show}, {@code allow RULE}, {@code deny RULE}, {@code reset}, {@code audit}. Callers check
 * that the caller moderates the scope; this class changes the policy and answers in plain words.
 */
public final class ModelsCommand {
    /** How many audit entries `audit` lists. */
    static final int AUDIT_LINES = 15;

    private final ModelPolicies policies;
    private final AuditLog audit;
    private final ModelCatalog catalog;

    public ModelsCommand(ModelPolicies policies, AuditLog audit, ModelCatalog catalog) {
        this.policies = policies;
        this.audit = audit;
        this.catalog = catalog;
    }

    public enum Verb {
        SHOW, ALLOW, DENY, RESET, AUDIT;

        public static Optional<Verb> parse(String word) {
            try {
                return Optional.of(valueOf(word.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * Runs the verb at the scope for {@code actor} on {@code platform}; the answer is for the moderator.
     *
     * @throws IllegalArgumentException a missing or malformed rule, or one no model matches; its message says which
     */
    public String run(Verb verb, Scope scope, Optional<String> rule, String platform, String actor) {
        return switch (verb) {
            case SHOW -> show(scope);
            case ALLOW -> changed(policies.allow(scope, ModelRule.parse(required(rule, "allow")), platform, actor));
            case DENY -> changed(policies.deny(scope, ModelRule.parse(required(rule, "deny")), platform, actor));
            case RESET -> changed(policies.reset(scope, platform, actor));
            case AUDIT -> auditOf(scope);
        };
    }

    /** The usage line every surface shows for a wrong verb. */
    public static String usage() {
        return "Use: show | allow RULE | deny RULE | reset | audit, where RULE is model:ID, tag:TAG, base:BASE or type:TYPE "
                + "(e.g. allow tag:anime, deny model:absolutereality_v181, deny type:lora).";
    }

    /** Catalog ids starting with what was typed so far, for autocomplete. */
    public List<String> modelIds(String prefix, int most) {
        String p = prefix.toLowerCase(Locale.ROOT);
        return catalog.models().stream().map(T2IModel::id).filter(id -> id.toLowerCase(Locale.ROOT).contains(p)).limit(most).toList();
    }

    private String show(Scope scope) {
        ModelPolicy p = policies.get(scope);
        long allowed = catalog.models().stream().filter(p::allows).count();
        String line = "Models at " + scope + ": " + p.describe() + " (" + allowed + " of " + catalog.models().size() + " in the catalog).";
        if (!scope.equals(Scope.GLOBAL) && policies.get(Scope.GLOBAL).mode() != ModelPolicy.Mode.EVERYTHING) {
            line += " Everywhere: " + policies.get(Scope.GLOBAL).describe() + ".";
        }
        return line;
    }

    private String changed(ModelPolicies.Change c) {
        return "Models at " + c.scope() + ": " + c.after().describe() + " (was " + c.before().describe() + ").";
    }

    private String auditOf(Scope scope) {
        List<AuditLog.Entry> entries = audit.recent(Optional.of(scope.key()), AUDIT_LINES);
        return entries.isEmpty() ? "No changes at " + scope + " yet."
                : entries.stream().map(AuditLog.Entry::toString).collect(Collectors.joining("\n"));
    }

    private static String required(Optional<String> rule, String verb) {
        return rule.filter(r -> !r.isBlank()).orElseThrow(() -> new IllegalArgumentException(verb + " needs a rule. " + usage()));
    }
}
