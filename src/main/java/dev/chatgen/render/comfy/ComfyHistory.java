package dev.chatgen.render.comfy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads where a prompt stands from GET /history/{prompt_id} (an entry appears only once the prompt
 * has finished: {"status": {"status_str", "completed", "messages": [[event, data], ...]}, "outputs": {...}})
 * and from GET /queue ({"queue_running": [[number, prompt_id, ...]], "queue_pending": [...]}).
 */
final class ComfyHistory {
    enum State { NOT_FINISHED, SUCCEEDED, FAILED, INTERRUPTED }

    enum QueueState { PENDING, RUNNING, ABSENT }

    /** A file SaveImage wrote, as GET /view wants it named. */
    record ImageRef(String filename, String subfolder, String type) {
        String viewQuery() {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("filename", filename);
            params.put("subfolder", subfolder);
            params.put("type", type);
            return ComfyClient.query(params);
        }
    }

    /**
     * @param image     the first picture the SaveImage node reports, when it succeeded
     * @param errorData the execution_error message's data (exception_message, node_type, ...), when it failed
     */
    record Entry(State state, Optional<ImageRef> image, JsonNode errorData) {
    }

    private ComfyHistory() {
    }

    static Entry read(JsonNode history, String promptId, String saveNode) {
        JsonNode entry = history.path(promptId);
        if (!entry.isObject()) {
            return new Entry(State.NOT_FINISHED, Optional.empty(), MissingNode.getInstance());
        }
        JsonNode status = entry.path("status");
        for (JsonNode message : status.path("messages")) {
            String event = message.path(0).asText("");
            if (event.equals("execution_error")) {
                return new Entry(State.FAILED, Optional.empty(), message.path(1));
            }
            if (event.equals("execution_interrupted")) {
                return new Entry(State.INTERRUPTED, Optional.empty(), message.path(1));
            }
        }
        // Servers before the status field was added only wrote an entry on completion.
        boolean succeeded = status.isMissingNode() || status.path("completed").asBoolean(false);
        if (!succeeded || status.path("status_str").asText("success").equals("error")) {
            return new Entry(State.FAILED, Optional.empty(), MissingNode.getInstance());
        }
        JsonNode first = entry.path("outputs").path(saveNode).path("images").path(0);
        Optional<ImageRef> image = first.path("filename").isTextual()
                ? Optional.of(new ImageRef(first.path("filename").asText(), first.path("subfolder").asText(""),
                first.path("type").asText("output")))
                : Optional.empty();
        return new Entry(State.SUCCEEDED, image, MissingNode.getInstance());
    }

    static QueueState queueState(JsonNode queue, String promptId) {
        if (contains(queue.path("queue_running"), promptId)) {
            return QueueState.RUNNING;
        }
        return contains(queue.path("queue_pending"), promptId) ? QueueState.PENDING : QueueState.ABSENT;
    }

    // Each queue item is [number, prompt_id, prompt, extra_data, outputs_to_execute, ...].
    private static boolean contains(JsonNode items, String promptId) {
        for (JsonNode item : items) {
            if (promptId.equals(item.path(1).asText(null))) {
                return true;
            }
        }
        return false;
    }
}
