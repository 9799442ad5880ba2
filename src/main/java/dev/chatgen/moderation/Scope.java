package dev.chatgen.moderation;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a model policy applies: everywhere ({@code global}), a Discord server or Slack workspace
 * ({@code discord:workspace:ID}), or one channel ({@code slack:channel:ID}). A channel's policy
 * overrides its workspace's; the global one applies on top of both.
 */
public record Scope(String key) {
    public static final Scope GLOBAL = new Scope("global");

    public Scope {
        if (key == null || !(key.equals("global") || key.matches("[a-z]+:(workspace|channel):[A-Za-z0-9_.-]+"))) {
            throw new IllegalArgumentException("\"" + key + "\" is not a scope; write global, PLATFORM:workspace:ID or PLATFORM:channel:ID "
                    + "(e.g. discord:workspace:123456789, slack:channel:C0123)");
        }
    }

    public static Scope workspace(String platform, String id) {
        return new Scope(platform.toLowerCase(Locale.ROOT) + ":workspace:" + id);
    }

    public static Scope channel(String platform, String id) {
        return new Scope(platform.toLowerCase(Locale.ROOT) + ":channel:" + id);
    }

    public static Scope parse(String text) {
        return new Scope(text == null ? "" : text.strip());
    }

    /** The platform of a workspace or channel scope; empty for global. */
    public Optional<String> platform() {
        return key.equals("global") ? Optional.empty() : Optional.of(key.substring(0, key.indexOf(':')));
    }

    @Override
    public String toString() {
        return key;
    }
}
