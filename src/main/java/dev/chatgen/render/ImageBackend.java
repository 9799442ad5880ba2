package dev.chatgen.render;

import java.util.Optional;

/**
 * Something that turns a plan into a picture: a GPU web UI (AUTOMATIC1111/Forge, ComfyUI), the
 * AI Horde, or the embedded recipe card. One instance serves one GPU slot: one render at a time.
 */
public interface ImageBackend {
    /** Short name for logs and the image table ("recipe", "a1111"). */
    String name();

    /** The catalog id of the checkpoint loaded now, if known; the queue prefers jobs that use it. */
    Optional<String> loadedCheckpoint();

    /**
     * What the backend can run, as it reports it; doubles as the health check.
     *
     * @throws BackendUnavailableException the backend cannot be reached
     */
    InstalledModels installedModels();

    /**
     * Renders the plan into a PNG carrying the A1111 "parameters" infotext of what actually ran.
     *
     * @throws BackendUnavailableException the backend cannot be reached: the job goes back to the queue untouched
     * @throws RenderFailedException       the backend refused or failed this job: it counts as a failed attempt
     */
    RenderedImage render(RenderRequest request, RenderProgress progress);

    /** Stops the render in flight, if any (best effort; the render then fails). */
    void cancel();
}
