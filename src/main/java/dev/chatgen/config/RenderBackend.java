package dev.chatgen.config;

/** Where images are rendered; {@link #RECIPE} renders nothing and only returns the recipe. */
public enum RenderBackend {
    RECIPE, A1111, COMFYUI, HORDE
}
