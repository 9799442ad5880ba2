package dev.chatgen.adapter.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Which interaction callbacks Discord accepts, as far as the fake checks: an autocomplete interaction (type 4) takes
 * only an APPLICATION_COMMAND_AUTOCOMPLETE_RESULT (type 8), with at most 25 choices whose names are 1 to 100
 * characters and string values at most 100; no other interaction takes a type 8.
 */
final class CallbackRules {
    static final int MAX_CHOICES = 25;
    static final int MAX_CHOICE_LENGTH = 100;

    private CallbackRules() {
    }

    /** What Discord would refuse in this callback, or empty when it takes it. */
    static Optional<String> problem(int interactionType, int callbackType, JsonNode data) {
        boolean autocomplete = interactionType == 4;
        if (autocomplete != (callbackType == 8)) {
            return Optional.of("callback type " + callbackType + " does not answer an interaction of type " + interactionType);
        }
        if (!autocomplete) {
            return Optional.empty();
        }
        JsonNode choices = data.path("choices");
        if (!choices.isArray()) {
            return Optional.of("data.choices: an array is required");
        }
        if (choices.size() > MAX_CHOICES) {
            return Optional.of("data.choices: must be " + MAX_CHOICES + " or fewer in length, was " + choices.size());
        }
        for (JsonNode c : choices) {
            String name = c.path("name").asText("");
            if (name.isEmpty() || name.length() > MAX_CHOICE_LENGTH) {
                return Optional.of("data.choices.name: must be between 1 and 100 in length: \"" + name + "\"");
            }
            JsonNode value = c.path("value");
            if (value.isMissingNode() || value.isNull() || value.isTextual() && value.asText().length() > MAX_CHOICE_LENGTH) {
                return Optional.of("data.choices.value: a string of at most 100 characters or a number is required: " + value);
            }
        }
        return Optional.empty();
    }
}
