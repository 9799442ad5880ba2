package dev.chatgen.engine.prompt;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Aspects of a picture that have one value at a time. When a later turn names a value of the
 * same aspect ("now at night" after "at sunset"), the earlier phrase is replaced, not kept.
 */
final class Slots {
    private static final Map<String, Set<String>> WORDS = Map.of(
            "time of day", Set.of("morning", "sunrise", "dawn", "noon", "midday", "daytime", "afternoon", "sunset",
                    "dusk", "evening", "night", "nighttime", "midnight", "twilight"),
            "season", Set.of("spring", "summer", "autumn", "fall", "winter"),
            "weather", Set.of("sunny", "rainy", "rain", "snowy", "foggy", "fog", "misty", "stormy", "storm", "cloudy", "overcast"),
            "medium", Set.of("photo", "photograph", "photorealistic", "realistic", "anime", "cartoon", "cartoony", "watercolor",
                    "watercolour", "painting", "pixel", "sketch", "drawing", "illustration", "comic", "3d", "render", "lineart"));

    private Slots() {
    }

    /** The aspects a phrase sets. */
    static List<String> of(List<String> words) {
        return WORDS.entrySet().stream()
                .filter(e -> words.stream().anyMatch(e.getValue()::contains))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    static Optional<String> first(List<String> words) {
        return of(words).stream().findFirst();
    }
}
