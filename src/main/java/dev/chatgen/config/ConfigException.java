package dev.chatgen.config;

import java.util.List;

/** Every configuration problem found in one load, one line each, so a user fixes them all in one go. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> errors;

    public ConfigException(List<String> errors) {
        super(String.join("\n", errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    /** The individual error lines, in the order they were found. */
    public List<String> errors() {
        return errors;
    }
}
