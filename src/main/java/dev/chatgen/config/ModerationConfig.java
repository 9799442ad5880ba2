package dev.chatgen.config;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The moderation settings an operator writes in the config; model allowlists are moderators'
 * and live in the database.
 *
 * @param blockedPatterns regular expressions separated by ";;", checked when the safety rules are built
 */
public record ModerationConfig(String blockedTerms, String blockedPatterns, String negativePrefix, int quotaPerHour, int quotaPerDay,
                               Set<String> nsfwGuilds, Set<String> discordModeratorRoles, Set<String> slackModerators) {
    public ModerationConfig {
        nsfwGuilds = Set.copyOf(nsfwGuilds);
        discordModeratorRoles = Set.copyOf(discordModeratorRoles);
        slackModerators = Set.copyOf(slackModerators);
    }

    /** Comma-separated ids, blanks ignored. */
    static Set<String> ids(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(id -> !id.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
