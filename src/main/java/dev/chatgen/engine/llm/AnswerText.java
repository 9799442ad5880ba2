package dev.chatgen.engine.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of an assistant's text that is the answer: without a leading {@code <think>} block
 * (reasoning models served without a reasoning parser) and, when the answer sits in one Markdown
 * code fence, its inside. JSON is read strictly: one object, nothing after it.
 */
final class AnswerText {
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern THINK = Pattern.compile("^\\s*<think>.*?</think>", Pattern.DOTALL);
    private static final Pattern FENCE = Pattern.compile("```[\\w-]*[ \\t]*\\R(.*?)\\R?```", Pattern.DOTALL);

    private AnswerText() {
    }

    static String of(String content) {
        String text = THINK.matcher(content).replaceFirst("").strip();
        Matcher fence = FENCE.matcher(text);
        if (fence.find()) {
            String inside = fence.group(1);
            // Two fenced blocks would make the answer a guess.
            return fence.find() ? text : inside.strip();
        }
        return text;
    }

    /** The answer as one JSON object, if that is what it is. */
    static Optional<ObjectNode> jsonObject(String content) {
        String text = of(content);
        if (!text.startsWith("{")) {
            return Optional.empty();
        }
        try {
            JsonNode n = STRICT.readTree(text);
            return n instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty(); // why: not JSON is an answer in another shape, which the caller reports
        }
    }
}
