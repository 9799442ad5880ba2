package dev.chatgen.engine.prompt;

import java.util.List;

/**
 * A freestyle request as stage 1 understood it: the whole conversation as one text (what the
 * encoder reads), the phrases that describe the picture with later turns already applied, what
 * the person asked to leave out, and notes about anything that was changed or ignored.
 */
public record ReadRequest(String conversation, List<String> subject, List<String> exclusions, List<String> notes) {
    public ReadRequest {
        subject = List.copyOf(subject);
        exclusions = List.copyOf(exclusions);
        notes = List.copyOf(notes);
    }

    public boolean isEmpty() {
        return subject.isEmpty() && exclusions.isEmpty();
    }
}
