package dev.chatgen.queue;

import dev.chatgen.chat.Attachment;

import java.util.Optional;

/** The picture a job's request came with, handed to the backend as its starting image (img2img). */
@FunctionalInterface
public interface ReferenceImages {
    ReferenceImages NONE = claim -> Optional.empty();

    Optional<Attachment> of(Claim claim);
}
