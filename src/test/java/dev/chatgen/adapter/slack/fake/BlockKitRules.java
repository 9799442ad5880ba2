package dev.chatgen.adapter.slack.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Block Kit limits Slack enforces on {@code chat.postMessage} / {@code chat.update}: each problem as Slack words it,
 * {@code "<what> [json-pointer:<where>]"} (the fake answers them as {@code invalid_blocks}).
 */
final class BlockKitRules {
    static final int MAX_BLOCKS = 50;
    static final int MAX_SECTION_TEXT = 3000;
    static final int MAX_FIELD_TEXT = 2000;
    static final int MAX_FIELDS = 10;
    static final int MAX_HEADER_TEXT = 150;
    static final int MAX_ID = 255;
    static final int MAX_BUTTON_TEXT = 75;
    static final int MAX_BUTTON_VALUE = 2000;
    static final int MAX_URL = 3000;
    static final int MAX_ACTIONS_ELEMENTS = 25;
    static final int MAX_CONTEXT_ELEMENTS = 10;
    static final int MAX_ALT_TEXT = 2000;
    static final int MAX_MARKDOWN_TEXT = 12000;

    private static final Set<String> BLOCK_TYPES = Set.of("actions", "context", "context_actions", "divider", "file",
            "header", "image", "input", "markdown", "rich_text", "section", "table", "video");

    private final List<String> problems = new ArrayList<>();
    private final Set<String> actionIds = new HashSet<>();
    private final Set<String> blockIds = new HashSet<>();

    private BlockKitRules() {
    }

    /** The problems with a message's blocks (an array), empty when Slack would take them. */
    static List<String> check(JsonNode blocks) {
        BlockKitRules rules = new BlockKitRules();
        rules.blocks(blocks);
        return rules.problems;
    }

    private void problem(String what, String pointer) {
        problems.add(what + " [json-pointer:" + pointer + "]");
    }

    private void maxLength(JsonNode node, String field, int max, String pointer) {
        JsonNode v = node.get(field);
        if (v != null && v.isTextual() && v.asText().length() > max) {
            problem("must be less than " + (max + 1) + " characters", pointer + "/" + field);
        }
    }

    private void blocks(JsonNode blocks) {
        if (blocks.size() > MAX_BLOCKS) {
            problem("no more than " + MAX_BLOCKS + " items allowed", "/blocks");
        }
        for (int i = 0; i < blocks.size(); i++) {
            block(blocks.get(i), "/blocks/" + i);
        }
    }

    private void block(JsonNode b, String at) {
        if (!b.isObject()) {
            problem("expected object", at);
            return;
        }
        String type = b.path("type").asText("");
        if (!BLOCK_TYPES.contains(type)) {
            problem(type.isEmpty() ? "missing required field: type" : "unsupported type: " + type, at + "/type");
            return;
        }
        if (b.has("block_id")) {
            maxLength(b, "block_id", MAX_ID, at);
            if (!blockIds.add(b.get("block_id").asText())) {
                problem("duplicate block_id: " + b.get("block_id").asText(), at + "/block_id");
            }
        }
        switch (type) {
            case "section" -> {
                if (!b.has("text") && !b.has("fields")) {
                    problem("must define either `text` or `fields`", at + "/type");
                }
                if (b.has("text")) {
                    text(b.get("text"), MAX_SECTION_TEXT, false, at + "/text");
                }
                if (b.has("fields")) {
                    JsonNode fields = b.get("fields");
                    if (fields.size() > MAX_FIELDS) {
                        problem("no more than " + MAX_FIELDS + " items allowed", at + "/fields");
                    }
                    for (int i = 0; i < fields.size(); i++) {
                        text(fields.get(i), MAX_FIELD_TEXT, false, at + "/fields/" + i);
                    }
                }
                if (b.has("accessory")) {
                    element(b.get("accessory"), at + "/accessory");
                }
            }
            case "header" -> text(b.get("text"), MAX_HEADER_TEXT, true, at + "/text");
            case "actions" -> {
                JsonNode elements = b.path("elements");
                if (elements.isEmpty()) {
                    problem("must provide at least 1 items", at + "/elements");
                } else if (elements.size() > MAX_ACTIONS_ELEMENTS) {
                    problem("no more than " + MAX_ACTIONS_ELEMENTS + " items allowed", at + "/elements");
                }
                for (int i = 0; i < elements.size(); i++) {
                    element(elements.get(i), at + "/elements/" + i);
                }
            }
            case "context" -> {
                JsonNode elements = b.path("elements");
                if (elements.isEmpty()) {
                    problem("must provide at least 1 items", at + "/elements");
                } else if (elements.size() > MAX_CONTEXT_ELEMENTS) {
                    problem("no more than " + MAX_CONTEXT_ELEMENTS + " items allowed", at + "/elements");
                }
            }
            case "image" -> {
                if (!b.has("image_url") && !b.has("slack_file")) {
                    problem("must provide either `image_url` or `slack_file`", at);
                }
                maxLength(b, "image_url", MAX_URL, at);
                if (!b.hasNonNull("alt_text")) {
                    problem("missing required field: alt_text", at);
                }
                maxLength(b, "alt_text", MAX_ALT_TEXT, at);
            }
            case "markdown" -> maxLength(b, "text", MAX_MARKDOWN_TEXT, at);
            case "input" -> {
                if (b.has("element")) {
                    element(b.get("element"), at + "/element");
                }
            }
            default -> { } // divider, rich_text, file, video, table...: not checked further
        }
    }

    private void text(JsonNode t, int max, boolean plainOnly, String at) {
        if (t == null || !t.isObject()) {
            problem("missing required field: text", at);
            return;
        }
        String type = t.path("type").asText("");
        if (!type.equals("plain_text") && !(type.equals("mrkdwn") && !plainOnly)) {
            problem("must be one of " + (plainOnly ? "[plain_text]" : "[plain_text, mrkdwn]"), at + "/type");
        }
        String text = t.path("text").asText("");
        if (text.isEmpty()) {
            problem("must be more than 0 characters", at + "/text");
        }
        maxLength(t, "text", max, at);
    }

    private void element(JsonNode e, String at) {
        if (e.has("action_id")) {
            maxLength(e, "action_id", MAX_ID, at);
            if (!actionIds.add(e.get("action_id").asText())) {
                problem("duplicate action_id: " + e.get("action_id").asText(), at + "/action_id");
            }
        }
        if (e.path("type").asText().equals("button")) {
            text(e.get("text"), MAX_BUTTON_TEXT, true, at + "/text");
            maxLength(e, "value", MAX_BUTTON_VALUE, at);
            maxLength(e, "url", MAX_URL, at);
            if (e.has("style") && !Set.of("primary", "danger").contains(e.get("style").asText())) {
                problem("must be one of [primary, danger]", at + "/style");
            }
        }
    }
}
