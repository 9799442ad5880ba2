package dev.chatgen.config;

import java.net.URI;
import java.util.List;

/** @param urls one per ComfyUI server */
public record ComfyConfig(List<URI> urls) {
    public ComfyConfig {
        Keys.RENDER_COMFYUI_URL.require(urls);
    }

    public ComfyConfig(URI url) {
        this(List.of(url));
    }

    /** The first server. */
    public URI url() {
        return urls.get(0);
    }
}
