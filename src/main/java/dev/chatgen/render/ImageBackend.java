package dev.chatgen.render;

import dev.chatgen.engine.GenerationPlan;

import java.util.Optional;

/**
 * Something that turns a plan into a picture: a GPU web UI, a cloud horde, or the embedded
 * recipe card. One instance serves one GPU slot at a time.
 */
public interface ImageBackend {
    /** Short name for logs and the image table ("recipe", "a1111"). */
    String name();

    /** The checkpoint the backend has loaded now, if it has one; the queue prefers jobs that use it. */
    Optional<String> loadedCheckpoint();

    /**
     * Renders the plan into a PNG that carries the plan as A1111 "parameters" infotext.
     *
     * @throws BackendUnavailableException the backend cannot be reached: the job goes back to the queue untouched
     * @throws RenderFailedException       the backend refused this job: it counts as a failed attempt
     */
    RenderedImage render(GenerationPlan plan, long seed, RenderProgress progress);
}
