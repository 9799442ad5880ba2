package dev.chatgen.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Settings of every backend are kept, so switching backend needs only render.backend. */
public record RenderConfig(List<RenderBackend> backends, A1111Config a1111, ComfyConfig comfyui, HordeConfig horde,
        Path outDir, int slots,
        java.time.Duration timeout, java.time.Duration pollInterval) {
    public RenderConfig {
        Keys.RENDER_BACKEND.require(backends);
        Objects.requireNonNull(a1111, "a1111");
        Objects.requireNonNull(comfyui, "comfyui");
        Objects.requireNonNull(horde, "horde");
        Keys.RENDER_OUT_DIR.require(outDir);
        Keys.RENDER_SLOTS.require(slots);
        Keys.RENDER_TIMEOUT.require(timeout);
        Keys.RENDER_POLL_INTERVAL.require(pollInterval);
    }

    /** The first configured backend. */
    public RenderBackend backend() {
        return backends.get(0);
    }
}
