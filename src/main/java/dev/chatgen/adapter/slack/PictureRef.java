package dev.chatgen.adapter.slack;

import java.util.Optional;

/**
 * What the buttons under a picture carry in their value: the job, the uploaded file (so Delete
 * removes the picture too) and who asked (so Delete knows the requester). Slack signs every
 * interaction, so a value comes back exactly as the bot posted it.
 */
record PictureRef(long jobId, String fileId, String requesterUserId) {
    String encode() {
        return jobId + "|" + fileId + "|" + requesterUserId;
    }

    static Optional<PictureRef> decode(String value) {
        String[] p = value == null ? new String[0] : value.split("\\|", -1);
        if (p.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PictureRef(Long.parseLong(p[0]), p[1], p[2]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
