package dev.chatgen.render.a1111;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatgen.render.BackendUnavailableException;
import dev.chatgen.render.RenderFailedException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an AUTOMATIC1111 reply means. Its error bodies come in two shapes: FastAPI's request validation
 * ({@code 422 {"detail":[{"loc":["body","steps"],"msg":...,"type":...}]}}) and the web UI's own
 * exception handler ({@code {"error":"OutOfMemoryError","detail":"","body":"","errors":"CUDA out of memory..."}},
 * status 500 or the HTTPException's). Configuration problems (wrong {@code --api-auth}, no {@code --api})
 * and a server that is down become {@link BackendUnavailableException}, so jobs are not burned on them;
 * problems with the job become {@link RenderFailedException} with a message for the person.
 */
final class A1111Replies {
    static final String AUTH_SETTING = "render.a1111.auth";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DETAIL = 300;

    private final String base;

    A1111Replies(String base) {
        this.base = base;
    }

    /** A discovery reply (models, samplers): anything but a JSON 200 means the backend is not usable now. */
    JsonNode discovery(A1111Client.Reply reply) {
        if (reply.status() != 200) {
            RuntimeException common = configurationOrOutage(reply);
            throw common != null ? common : new BackendUnavailableException("The AUTOMATIC1111 server at " + base
                    + " answered " + reply.path() + " with HTTP " + reply.status() + ": " + describe(reply.body()), null);
        }
        try {
            return JSON.readTree(reply.body());
        } catch (JsonProcessingException e) {
            throw new BackendUnavailableException("The server at " + base + " sent a reply to " + reply.path()
                    + " that is not JSON (" + excerpt(reply.body()) + "); is it an AUTOMATIC1111 web UI?", e);
        }
    }

    /** A txt2img/img2img reply; {@code size} ("512x768") goes into the out-of-memory message. */
    JsonNode render(A1111Client.Reply reply, String size) {
        if (reply.status() == 200) {
            return json(reply.body());
        }
        RuntimeException common = configurationOrOutage(reply);
        if (common != null) {
            throw common;
        }
        ErrorBody error = ErrorBody.parse(reply.body());
        if (error.outOfMemory()) {
            return fail("The GPU ran out of memory at " + size + "; try a smaller size or fewer steps.");
        }
        if (reply.status() == 422 && !error.fields().isEmpty()) {
            return fail("The AUTOMATIC1111 server rejected the request: " + String.join("; ", error.fields()) + ".");
        }
        if (reply.status() >= 500) {
            return fail("The AUTOMATIC1111 server failed this picture: " + error.summary(reply.status()));
        }
        return fail("The AUTOMATIC1111 server refused the request (HTTP " + reply.status() + "): " + error.summary(reply.status()));
    }

    /** Parses a 200 body of a render call: a body that is not JSON fails the job, not the backend. */
    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new RenderFailedException("the AUTOMATIC1111 server sent a reply that is not JSON (" + excerpt(body) + ")", e);
        }
    }

    private RuntimeException configurationOrOutage(A1111Client.Reply reply) {
        int status = reply.status();
        if (status == 401 || status == 403) {
            return new BackendUnavailableException("The AUTOMATIC1111 server at " + base + " refused our credentials (HTTP "
                    + status + ": " + ErrorBody.parse(reply.body()).summary(status) + "); set " + AUTH_SETTING
                    + " to the user:password given to its --api-auth", null);
        }
        if (status == 502 || status == 503 || status == 504) {
            return new BackendUnavailableException("The AUTOMATIC1111 server at " + base + " is not available (HTTP "
                    + status + " on " + reply.path() + ")", null);
        }
        // FastAPI's own 404 for a route that does not exist: the web UI runs without --api.
        if (status == 404 && "Not Found".equals(ErrorBody.parse(reply.body()).detail())) {
            return new BackendUnavailableException("The server at " + base + " has no " + reply.path()
                    + " (HTTP 404); start the AUTOMATIC1111 web UI with --api", null);
        }
        return null;
    }

    private static <T> T fail(String message) {
        throw new RenderFailedException(message, null);
    }

    private static String describe(String body) {
        ErrorBody error = ErrorBody.parse(body);
        return error.fields().isEmpty() ? error.summary(0) : String.join("; ", error.fields());
    }

    static String excerpt(String body) {
        String flat = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        if (flat.isEmpty()) {
            return "an empty body";
        }
        return "\"" + (flat.length() > 80 ? flat.substring(0, 80) + "..." : flat) + "\"";
    }

    /** An error body in either shape; {@code fields} are "steps: value is not a valid integer" lines from a 422. */
    record ErrorBody(String error, String detail, String errors, List<String> fields, String raw) {

        static ErrorBody parse(String body) {
            JsonNode node;
            try {
                node = JSON.readTree(body == null ? "" : body);
            } catch (JsonProcessingException e) {
                node = null;
            }
            if (node == null || !node.isObject()) {
                return new ErrorBody("", "", "", List.of(), body == null ? "" : body.strip());
            }
            List<String> fields = new ArrayList<>();
            JsonNode detail = node.path("detail");
            if (detail.isArray()) {
                for (JsonNode problem : detail) {
                    fields.add(fieldName(problem.path("loc")) + ": " + problem.path("msg").asText("invalid"));
                }
            }
            return new ErrorBody(node.path("error").asText(""), detail.isTextual() ? detail.asText() : "",
                    node.path("errors").asText(""), List.copyOf(fields), body.strip());
        }

        /** ["body","override_settings","sd_model_checkpoint"] -> "override_settings.sd_model_checkpoint". */
        private static String fieldName(JsonNode loc) {
            List<String> parts = new ArrayList<>();
            for (JsonNode part : loc) {
                parts.add(part.asText());
            }
            if (parts.size() > 1 && parts.get(0).equals("body")) {
                parts.remove(0);
            }
            return parts.isEmpty() ? "request" : String.join(".", parts);
        }

        boolean outOfMemory() {
            String text = (error + " " + detail + " " + errors + " " + (error.isEmpty() ? raw : "")).toLowerCase(Locale.ROOT);
            return error.equals("OutOfMemoryError") || text.contains("out of memory");
        }

        /** "OutOfMemoryError: CUDA out of memory..." or, for a body that is not the web UI's, the body itself. */
        String summary(int status) {
            String text = !detail.isEmpty() ? detail : errors;
            String line;
            if (!error.isEmpty() && !text.isEmpty() && !error.equals("HTTPException")) {
                line = error + ": " + text;
            } else if (!text.isEmpty()) {
                line = text;
            } else if (!error.isEmpty()) {
                line = error;
            } else if (!raw.isEmpty()) {
                line = raw.replaceAll("\\s+", " ");
            } else {
                line = "HTTP " + status + " with no explanation";
            }
            return line.length() > MAX_DETAIL ? line.substring(0, MAX_DETAIL) + "..." : line;
        }
    }
}
