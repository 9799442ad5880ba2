package dev.chatgen.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One configuration key: its dotted name, type, default (as text, read like any other value, so
 * relative default paths follow the base directory) and a one-line description for documentation.
 */
public record Key<T>(String name, ValueType<T> type, String defaultText, String doc) {
    private static final String SEGMENT = "[a-z][a-z0-9]*(-[a-z0-9]+)*";
    private static final Pattern NAME = Pattern.compile(SEGMENT + "(\\." + SEGMENT + ")+");
    private static final int MAX_SHOWN = 80;

    public Key {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultText, "defaultText");
        Objects.requireNonNull(doc, "doc");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad key name " + name);
        }
        if (doc.isBlank()) {
            throw new IllegalArgumentException("key " + name + " needs a doc line");
        }
    }

    /** The environment variable that overrides this key: CHATGEN_ plus the name with '.' and '-' as '_'. */
    public String envName() {
        return "CHATGEN_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String allowed() {
        return type.allowed();
    }

    public Optional<T> parse(String text, Path baseDir) {
        return type.parse(text, baseDir);
    }

    /** For records' constructors: the value itself, or an exception worded like a loader error. */
    public T require(T value) {
        if (!type.accepts(value)) {
            throw new IllegalArgumentException(name + ": " + allowed() + ", was " + show(String.valueOf(value)));
        }
        return value;
    }

    /** How a rejected value appears in a message: quoted and shortened, or hidden when secret. */
    String show(String text) {
        if (type.secret()) {
            return "(hidden)";
        }
        String shown = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text;
        return '"' + shown.replace("\\", "\\\\").replace("\"", "\\\"")
                .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + '"';
    }
}
