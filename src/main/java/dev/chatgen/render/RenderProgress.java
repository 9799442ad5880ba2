package dev.chatgen.render;

/** Where a backend reports how far it has come, 0 to 100. */
@FunctionalInterface
public interface RenderProgress {
    RenderProgress IGNORED = percent -> { };

    void percent(int percent);
}
