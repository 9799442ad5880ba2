package dev.chatgen.render.horde;

import java.util.Objects;
import java.util.Optional;

/**
 * A sampler as the Horde takes it: its sampler id ("k_dpmpp_2m"), the separate Karras switch, the A1111 name
 * of that combination (for the infotext), and a note when it stands in for a sampler the Horde lacks.
 */
record HordeSampler(String id, boolean karras, String a1111Name, Optional<String> note) {
    HordeSampler {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(a1111Name, "a1111Name");
        Objects.requireNonNull(note, "note");
    }

    /** The sampler in the Horde's words, as {@code Ran.sampler} reports it: "k_dpmpp_2m karras". */
    String label() {
        return karras ? id + " karras" : id;
    }
}
