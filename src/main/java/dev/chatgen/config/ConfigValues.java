package dev.chatgen.config;

import java.util.HashMap;
import java.util.Map;

/** The parsed value of every key, from which the typed records are built. */
final class ConfigValues {
    private final Map<Key<?>, Object> values = new HashMap<>();

    <T> void put(Key<T> key, T value) {
        values.put(key, value);
    }

    @SuppressWarnings("unchecked") // put() only stores a Key<T> with a T
    <T> T get(Key<T> key) {
        Object value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("no value for " + key.name());
        }
        return (T) value;
    }
}
