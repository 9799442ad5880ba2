package dev.chatgen.moderation;

import dev.chatgen.catalog.T2IModel;

import java.util.Locale;

/**
 * A rule naming models, as moderators write it: {@code model:ID}, {@code tag:TAG},
 * {@code base:BASE} ("SDXL 1.0", also "sdxl") or {@code type:TYPE} (checkpoint or lora).
 * Matching ignores case, spaces and dots, so "base:sd15" is "base:SD 1.5".
 */
public record ModelRule(Kind kind, String value) {
    public enum Kind {
        MODEL, TAG, BASE, TYPE
    }

    public ModelRule {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a rule needs a value, e.g. tag:anime");
        }
        value = value.strip();
    }

    /** "tag:anime" to a rule; a clear message for anything else. */
    public static ModelRule parse(String text) {
        String t = text == null ? "" : text.strip();
        int colon = t.indexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("\"" + t + "\" is not a rule; write model:ID, tag:TAG, base:BASE or type:TYPE "
                    + "(e.g. model:absolutereality_v181, tag:anime, base:SDXL 1.0, type:lora)");
        }
        Kind kind;
        try {
            kind = Kind.valueOf(t.substring(0, colon).strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + t.substring(0, colon) + "\" is not a kind of rule; use model, tag, base or type");
        }
        String value = t.substring(colon + 1).strip();
        if (kind == Kind.TYPE && !loose(value).equals("lora") && !loose(value).equals("checkpoint")) {
            throw new IllegalArgumentException("type must be checkpoint or lora, was " + value);
        }
        if (kind == Kind.BASE && !loose(value).equals("sd15") && !loose(value).equals("sdxl") && !loose(value).equals("sdxl10")) {
            throw new IllegalArgumentException("base must be SD 1.5 or SDXL 1.0, was " + value);
        }
        return new ModelRule(kind, value);
    }

    public boolean matches(T2IModel m) {
        String v = loose(value);
        return switch (kind) {
            case MODEL -> loose(m.id()).equals(v);
            case TAG -> m.tags().stream().anyMatch(t -> loose(t).equals(v));
            case BASE -> loose(m.base().label()).startsWith(v.equals("sdxl") ? "sdxl" : v);
            case TYPE -> loose(m.type().label()).equals(v);
        };
    }

    private static String loose(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[\\s._-]", "");
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + value;
    }
}
