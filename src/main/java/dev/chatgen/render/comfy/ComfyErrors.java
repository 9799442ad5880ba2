package dev.chatgen.render.comfy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ComfyUI's error reports turned into one sentence for the person who asked: the 400 body of a rejected
 * prompt ({"error": {...}, "node_errors": {node id: {"errors": [...], "class_type"}}}) and the
 * execution_error message of a prompt that failed while running.
 */
final class ComfyErrors {
    private static final int MAX_TEXT = 300;
    // validate_inputs writes "ckpt_name: 'x.safetensors' not in [...]" for a value outside a list.
    private static final Pattern NOT_IN_LIST = Pattern.compile("^\\s*([\\w.]+): '(.*)' not in ", Pattern.DOTALL);
    private static final Map<String, String> LISTED_INPUTS = Map.of(
            "ckpt_name", "ComfyUI does not have the checkpoint %s",
            "lora_name", "ComfyUI does not have the LoRA %s",
            "image", "ComfyUI cannot find the uploaded picture %s",
            "sampler_name", "ComfyUI does not know the sampler %s",
            "scheduler", "ComfyUI does not know the scheduler %s");

    private ComfyErrors() {
    }

    /** Why POST /prompt answered 400, e.g. "ComfyUI does not have the checkpoint x.safetensors". */
    static String rejection(JsonNode body) {
        Set<String> reasons = new LinkedHashSet<>();
        body.path("node_errors").properties().forEach(node -> {
            String classType = node.getValue().path("class_type").asText("node");
            for (JsonNode error : node.getValue().path("errors")) {
                reasons.add(nodeError(node.getKey(), classType, error));
            }
        });
        if (!reasons.isEmpty()) {
            return String.join("; ", reasons) + ".";
        }
        JsonNode error = body.path("error");
        String what = error.isTextual() ? error.asText() : joined(error.path("message").asText(""), error.path("details").asText(""));
        return "ComfyUI refused the job: " + (what.isBlank() ? "no reason given" : shorten(what)) + ".";
    }

    /** Why a queued prompt failed: the execution_error data of the history's status messages. */
    static String executionError(JsonNode data, int width, int height) {
        String message = data.path("exception_message").asText("").strip();
        String type = data.path("exception_type").asText("");
        String lower = message.toLowerCase(Locale.ROOT);
        if (type.contains("OutOfMemory") || lower.contains("out of memory") || lower.contains("allocation on device")) {
            return "The GPU ran out of memory at " + width + "x" + height + "; try a smaller size.";
        }
        String node = data.path("node_type").asText("a node");
        String id = data.path("node_id").asText("");
        String firstLine = message.isEmpty() ? type : message.lines().findFirst().orElse(message);
        return "ComfyUI failed while running " + node + (id.isEmpty() ? "" : " (node " + id + ")") + ": "
                + shorten(firstLine.isBlank() ? "no reason given" : firstLine);
    }

    private static String nodeError(String nodeId, String classType, JsonNode error) {
        if (error.path("type").asText("").equals("value_not_in_list")) {
            Optional<String[]> choice = refusedChoice(error);
            String template = choice.map(c -> LISTED_INPUTS.get(c[0])).orElse(null);
            if (template != null) {
                return String.format(template, choice.get()[1]);
            }
        }
        String what = joined(error.path("message").asText(error.path("type").asText("")), error.path("details").asText(""));
        return "ComfyUI refused " + classType + " (node " + nodeId + "): " + shorten(what);
    }

    /** The input and the value it refused, from extra_info, or from details on servers that send no extra_info. */
    private static Optional<String[]> refusedChoice(JsonNode error) {
        JsonNode extra = error.path("extra_info");
        if (extra.path("input_name").isTextual() && extra.path("received_value").isValueNode()) {
            return Optional.of(new String[] {extra.path("input_name").asText(), extra.path("received_value").asText()});
        }
        Matcher m = NOT_IN_LIST.matcher(error.path("details").asText(""));
        return m.find() ? Optional.of(new String[] {m.group(1), m.group(2)}) : Optional.empty();
    }

    private static String joined(String message, String details) {
        return details.isBlank() || details.equals(message) ? message : message + ": " + details;
    }

    private static String shorten(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= MAX_TEXT ? flat : flat.substring(0, MAX_TEXT) + "...";
    }
}
