package dev.chatgen.render.horde;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * An answer from the Horde that is not what was asked for: an HTTP error with the Horde's error body
 * ({@code {"message", "rc", "errors"}}), or a success whose body is not the JSON it should be
 * ({@code malformed}). {@link HordeErrors} turns it into what the queue understands.
 */
final class HordeApiError extends RuntimeException {
    private final int status;
    private final String rc;
    private final String hordeMessage;
    private final Map<String, String> fieldErrors;
    private final Optional<Duration> retryAfter;
    private final boolean malformed;

    HordeApiError(String path, int status, String rc, String hordeMessage, Map<String, String> fieldErrors,
                  Optional<Duration> retryAfter, boolean malformed) {
        super(path + " -> HTTP " + status + (rc.isEmpty() ? "" : " " + rc) + ": " + hordeMessage);
        this.status = status;
        this.rc = rc;
        this.hordeMessage = hordeMessage;
        this.fieldErrors = Map.copyOf(fieldErrors);
        this.retryAfter = retryAfter;
        this.malformed = malformed;
    }

    int status() {
        return status;
    }

    /** The Horde's return code ("KudosUpfront", "TooManyPrompts"), empty when the body had none. */
    String rc() {
        return rc;
    }

    String hordeMessage() {
        return hordeMessage;
    }

    /** flask-restx validation errors: field path ("params.width") -> what is wrong with it. */
    Map<String, String> fieldErrors() {
        return fieldErrors;
    }

    Optional<Duration> retryAfter() {
        return retryAfter;
    }

    boolean malformed() {
        return malformed;
    }
}
