package dev.chatgen.engine.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatgen.catalog.Demonstration;
import dev.chatgen.catalog.T2IModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stage 1 for any instruct model: a system message that describes the chosen model (name, family,
 * what it is for, its LoRA tag and trigger words) with prompts people wrote for it nearest to
 * the request, the conversation as user messages, the pictures with the request; back comes one
 * JSON object {"prompt", "negative_prompt"} and nothing else.
 */
final class InstructFormat {
    static final int MAX_TOKENS = 512;

    private InstructFormat() {
    }

    /**
     * @param turns    the conversation, oldest first; the last is the request, which the pictures go with
     * @param examples the model's demonstrations nearest to the request, nearest first
     */
    static List<ChatMessage> messages(T2IModel model, List<Demonstration> examples, Optional<String> previousPrompt,
                                      List<String> turns, List<ChatMessage.Image> pictures) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system(instructions(model, examples, previousPrompt, pictures.size())));
        for (int i = 0; i < turns.size(); i++) {
            if (i == turns.size() - 1 && !pictures.isEmpty()) {
                List<ChatMessage.Part> parts = new ArrayList<>();
                parts.add(new ChatMessage.Text(turns.get(i)));
                parts.addAll(pictures);
                messages.add(new ChatMessage(ChatMessage.Role.USER, parts));
            } else {
                messages.add(ChatMessage.user(turns.get(i)));
            }
        }
        return messages;
    }

    private static String instructions(T2IModel model, List<Demonstration> examples, Optional<String> previousPrompt, int pictures) {
        StringBuilder s = new StringBuilder();
        s.append("You write prompts for Stable Diffusion. The picture will be made with \"").append(model.name())
                .append(model.version().isEmpty() ? "" : " " + model.version()).append("\", a ").append(model.type().label())
                .append(" for ").append(model.base().label()).append('.');
        if (!model.description().isBlank()) {
            s.append(' ').append(model.description().strip());
        }
        if (!model.tags().isEmpty()) {
            s.append(" Tags: ").append(String.join(", ", model.tags())).append('.');
        }
        s.append('\n');
        if (model.isLora()) {
            s.append("Start the prompt with its LoRA tag ").append(model.loraTag());
            s.append(model.triggerWords().isEmpty() ? ".\n" : ", then its trigger words: " + String.join(", ", model.triggerWords()) + ".\n");
        } else if (!model.triggerWords().isEmpty()) {
            s.append("Include its trigger words: ").append(String.join(", ", model.triggerWords())).append(".\n");
        }
        if (!examples.isEmpty()) {
            s.append("Prompts people wrote for this model:\n");
            examples.forEach(d -> s.append("- ").append(d.prompt().strip()).append('\n'));
        }
        previousPrompt.ifPresent(p -> s.append("The picture being refined was made with this prompt: ").append(p.strip()).append('\n'));
        if (pictures > 0) {
            s.append(pictures == 1 ? "The person attached a picture" : "The person attached " + pictures + " pictures")
                    .append(" as a reference for subject and style.\n");
        }
        s.append("Write one prompt, in this model's style (comma-separated phrases, the subject first), for the picture the person asks for"
                + " in the conversation; later messages change earlier ones. Put what they want left out in the negative prompt.\n");
        s.append("Answer with only a JSON object: {\"prompt\": \"...\", \"negative_prompt\": \"...\"}");
        return s.toString();
    }

    static Draft parse(String content, String where) throws LlmException {
        ObjectNode json = AnswerText.jsonObject(content).orElseThrow(() ->
                new LlmException(LlmException.Kind.MALFORMED, where + " answered with something other than the JSON object asked for"));
        JsonNode prompt = json.path("prompt");
        JsonNode negative = json.has("negative_prompt") ? json.get("negative_prompt") : json.path("negativePrompt");
        if (!prompt.isTextual() || prompt.asText().isBlank()) {
            throw new LlmException(LlmException.Kind.MALFORMED, where + " answered JSON without a prompt");
        }
        if (!negative.isTextual()) {
            throw new LlmException(LlmException.Kind.MALFORMED, where + " answered JSON without a negative_prompt");
        }
        return new Draft(prompt.asText(), negative.asText());
    }
}
