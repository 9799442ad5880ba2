package dev.chatgen.config;

import java.time.Duration;

/** How long stored conversations and pictures are kept, and how often the purge runs. */
public record PrivacyConfig(Duration retention, Duration purgeEvery) {
    public PrivacyConfig {
        if (retention.isZero() || purgeEvery.isZero()) {
            throw new ConfigException(java.util.List.of("privacy.retention and privacy.purge-every must be longer than zero"));
        }
    }
}
