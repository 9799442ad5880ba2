package dev.chatgen.adapter.slack.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * One Web API call the fake received.
 *
 * @param method the API method, e.g. {@code chat.postMessage}
 * @param token the token from {@code Authorization: Bearer} or the {@code token} parameter; null when none
 * @param params the arguments as a flat map of strings (query, form fields, or a JSON body's top-level fields, with
 *     objects and arrays as their JSON text, e.g. {@code blocks})
 * @param time when it arrived
 * @param status the HTTP status answered (200, or 429 when rate limited)
 * @param response the JSON answered
 */
public record SlackCall(String method, String token, Map<String, String> params, Instant time, int status,
        JsonNode response) {

    public String param(String name) {
        return params.get(name);
    }

    public boolean ok() {
        return status == 200 && response.path("ok").asBoolean();
    }

    /** The {@code error} answered, or null when ok. */
    public String error() {
        return response.hasNonNull("error") ? response.get("error").asText() : null;
    }

    @Override
    public String toString() {
        return method + " " + params + " -> " + status + " " + response;
    }
}
