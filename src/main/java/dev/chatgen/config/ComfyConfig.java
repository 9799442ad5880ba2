package dev.chatgen.config;

import java.net.URI;

public record ComfyConfig(URI url) {
    public ComfyConfig {
        Keys.RENDER_COMFYUI_URL.require(url);
    }
}
