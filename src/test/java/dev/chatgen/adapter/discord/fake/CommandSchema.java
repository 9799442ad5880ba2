package dev.chatgen.adapter.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What Discord checks in a chat-input command it is asked to register (PUT .../commands), so a command the real one
 * would refuse is refused here too: names, descriptions, at most 25 options, required options first, subcommands not
 * mixed with other options, choices and autocomplete only on STRING, INTEGER and NUMBER and never both, at most 25
 * choices, default_member_permissions as a string bit set, contexts among 0 (GUILD), 1 (BOT_DM), 2 (PRIVATE_CHANNEL).
 */
final class CommandSchema {
    private static final Pattern NAME = Pattern.compile("[-_'\\p{L}\\p{N}]{1,32}");
    private static final Set<Integer> CHOOSABLE = Set.of(3, 4, 10);

    private CommandSchema() {
    }

    /** What Discord would refuse in the command, or empty. */
    static Optional<String> problem(JsonNode command) {
        int type = command.path("type").asInt(1);
        if (type != 1) {
            return Optional.empty(); // user and message commands: not checked here
        }
        Optional<String> bad = nameAndDescription(command, "command");
        if (bad.isPresent()) {
            return bad;
        }
        JsonNode permissions = command.get("default_member_permissions");
        if (permissions != null && !permissions.isNull() && !(permissions.isTextual() && permissions.asText().matches("\\d+"))) {
            return Optional.of("default_member_permissions: a string of a permission bit set or null, was " + permissions);
        }
        for (JsonNode c : command.path("contexts")) { // numbers, or numbers as strings (JDA sends those)
            if (!c.asText().matches("[012]")) {
                return Optional.of("contexts: " + c + " is not an interaction context type");
            }
        }
        return options(command.path("options"), command.path("name").asText(), 0);
    }

    private static Optional<String> options(JsonNode options, String where, int depth) {
        if (options.size() > 25) {
            return Optional.of(where + ".options: at most 25, was " + options.size());
        }
        boolean optionalSeen = false;
        boolean subcommands = false;
        boolean values = false;
        Set<String> names = new HashSet<>();
        for (JsonNode o : options) {
            String at = where + "." + o.path("name").asText();
            Optional<String> bad = nameAndDescription(o, at);
            if (bad.isPresent()) {
                return bad;
            }
            if (!names.add(o.path("name").asText())) {
                return Optional.of(at + ": option names must be unique");
            }
            int type = o.path("type").asInt();
            if (type == 1 || type == 2) {
                subcommands = true;
                if (type == 2 ? depth > 0 : depth > 1) {
                    return Optional.of(at + ": subcommands nest at most group > subcommand");
                }
                bad = options(o.path("options"), at, depth + 1);
                if (bad.isPresent()) {
                    return bad;
                }
                continue;
            }
            if (type < 3 || type > 11) {
                return Optional.of(at + ": unknown option type " + type);
            }
            values = true;
            boolean required = o.path("required").asBoolean(false);
            if (required && optionalSeen) {
                return Optional.of(at + ": required options must be placed before non-required options");
            }
            optionalSeen |= !required;
            boolean autocomplete = o.path("autocomplete").asBoolean(false);
            JsonNode choices = o.path("choices");
            if ((autocomplete || choices.size() > 0) && !CHOOSABLE.contains(type)) {
                return Optional.of(at + ": choices and autocomplete are for STRING, INTEGER and NUMBER options");
            }
            if (autocomplete && choices.size() > 0) {
                return Optional.of(at + ": autocomplete may not be set when choices are present");
            }
            if (choices.size() > 25) {
                return Optional.of(at + ".choices: at most 25");
            }
            for (JsonNode c : choices) {
                String name = c.path("name").asText("");
                if (name.isEmpty() || name.length() > 100 || c.path("value").asText("").length() > 100) {
                    return Optional.of(at + ".choices: names 1 to 100 characters, values at most 100");
                }
            }
        }
        if (subcommands && values) {
            return Optional.of(where + ": subcommands may not be mixed with other options");
        }
        return Optional.empty();
    }

    private static Optional<String> nameAndDescription(JsonNode n, String at) {
        String name = n.path("name").asText("");
        if (!NAME.matcher(name).matches() || !name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
            return Optional.of(at + ": \"" + name + "\" is not a valid chat-input name (1 to 32 lowercase letters, digits, - or _)");
        }
        int description = n.path("description").asText("").length();
        if (description < 1 || description > 100) {
            return Optional.of(at + ": the description must be 1 to 100 characters, was " + description);
        }
        return Optional.empty();
    }
}
