package dev.chatgen.engine.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The input the published ChatGen checkpoints were trained on, from their model cards
 * (huggingface.co/ChengyouJia/ChatGen-Base-2B and siblings, Apache-2.0): the instruction and the
 * freestyle request in one user message ({@code sys_singlemodal + question}), the multimodal
 * instruction when pictures come along, pictures first as InternVL's {@code <image>} goes first.
 * Earlier turns of a conversation follow as their own user messages.
 *
 * <p>The cards show no output; it is read as a JSON object with {@code prompt} and
 * {@code negativePrompt} (Civitai's field names, which the instruction uses), or as labelled lines
 * ("Prompt: ...", "NegativePrompt: ..."). Whatever else it names (a model of its own catalog,
 * arguments) is ignored: stages 2 and 3 decide those here.
 */
final class ChatGenFormat {
    static final String SINGLE = "\nYou are a user requirements translation expert. I have a freestyle prompt written by a non professional user for"
            + " text-to-image tasks. Please convert the content of this freestyle prompt into professional prompt and professional negativePrompt,"
            + " and provide the model and its parameters that are most suitable for the user's text-to-image task.\n"
            + "Here is the content I need you to convert:\n";
    static final String MULTI = "\nYou are a user requirements translation expert. I have a freestyle prompt written by a non professional user for"
            + " text-to-image tasks.\nAdditionally, a general user provide several reference images, indicating that they want the final generated"
            + " image to have a style similar to those images. You should combine the reference images to convert the content of the freestyle"
            + " prompt into professional prompt and professional negativePrompt, and provide the model and its parameters that are most suitable"
            + " for the user's text-to-image task.\nHere are the reference images and content I need you to convert:\n";
    /** The cards generate up to 1024 new tokens. */
    static final int MAX_TOKENS = 1024;

    /** "Prompt:", "**Negative prompt**:", "- negativePrompt:"; any label ends the field before it. */
    private static final Pattern LABEL = Pattern.compile("^[\\s*#>_-]*([A-Za-z][A-Za-z _-]{0,30}?)[\\s*_]*[:：][\\s*_]*(.*)$");

    private ChatGenFormat() {
    }

    /** @param turns the conversation, oldest first; the last is the request, which the pictures go with */
    static List<ChatMessage> messages(List<String> turns, List<ChatMessage.Image> pictures) {
        String instruction = pictures.isEmpty() ? SINGLE : MULTI;
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < turns.size(); i++) {
            String text = i == 0 ? instruction + turns.get(i) : turns.get(i);
            if (i == turns.size() - 1 && !pictures.isEmpty()) {
                List<ChatMessage.Part> parts = new ArrayList<>(pictures);
                parts.add(new ChatMessage.Text(text));
                messages.add(new ChatMessage(ChatMessage.Role.USER, parts));
            } else {
                messages.add(ChatMessage.user(text));
            }
        }
        return messages;
    }

    static Draft parse(String content, String where) throws LlmException {
        Optional<ObjectNode> json = AnswerText.jsonObject(content);
        if (json.isPresent()) {
            JsonNode prompt = json.get().path("prompt");
            if (!prompt.isTextual() || prompt.asText().isBlank()) {
                throw new LlmException(LlmException.Kind.MALFORMED, where + " answered JSON without a prompt");
            }
            JsonNode negative = first(json.get(), "negativePrompt", "negative_prompt", "negative prompt");
            return new Draft(prompt.asText(), negative.isTextual() ? negative.asText() : "");
        }
        Map<String, String> fields = labelled(AnswerText.of(content));
        String prompt = fields.getOrDefault("prompt", "");
        if (prompt.isBlank()) {
            throw new LlmException(LlmException.Kind.MALFORMED, where + " answered without a prompt (neither JSON nor a \"Prompt:\" line)");
        }
        return new Draft(prompt, fields.getOrDefault("negativeprompt", ""));
    }

    private static JsonNode first(ObjectNode json, String... names) {
        for (String name : names) {
            if (json.has(name)) {
                return json.get(name);
            }
        }
        return json.missingNode();
    }

    /** Labelled fields by their letters in lower case ("negativeprompt"); a field runs until the next label. */
    private static Map<String, String> labelled(String text) {
        Map<String, String> fields = new HashMap<>();
        String current = null;
        StringBuilder value = new StringBuilder();
        for (String line : text.split("\\R")) {
            Matcher m = LABEL.matcher(line);
            if (m.matches()) {
                put(fields, current, value);
                current = m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
                value.setLength(0);
                value.append(m.group(2));
            } else if (current != null && !line.isBlank()) {
                value.append(' ').append(line.strip());
            }
        }
        put(fields, current, value);
        return fields;
    }

    private static void put(Map<String, String> fields, String label, StringBuilder value) {
        if (label != null) {
            fields.putIfAbsent(label, unquote(value.toString().strip()));
        }
    }

    private static String unquote(String s) {
        return s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))
                ? s.substring(1, s.length() - 1).strip() : s;
    }
}
