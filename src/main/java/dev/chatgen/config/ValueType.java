package dev.chatgen.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a configuration value is read from text and which values are allowed. The same check
 * serves the loader (text) and the records' constructors (typed values), so ranges live in one place.
 */
public final class ValueType<T> {
    /** Turns stripped text into a candidate value, or null when the text is malformed. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(String text, Path baseDir);
    }

    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+(_\\d+)*");
    // Stricter than Double.valueOf, which would also take NaN, Infinity, hex and a trailing 'd'.
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);

    private final String allowed;
    private final Reader<T> reader;
    private final Predicate<T> check;
    private final boolean secret;

    private ValueType(String allowed, Reader<T> reader, Predicate<T> check, boolean secret) {
        this.allowed = allowed;
        this.reader = reader;
        this.check = check;
        this.secret = secret;
    }

    /** What is allowed, phrased to follow the key in an error: "must be ...". */
    public String allowed() {
        return allowed;
    }

    /** Secret values are never echoed in errors or toString. */
    public boolean secret() {
        return secret;
    }

    /** The value for this text (surrounding whitespace ignored), or empty when it is not allowed. */
    public Optional<T> parse(String text, Path baseDir) {
        T value = reader.read(text.strip(), baseDir);
        return accepts(value) ? Optional.of(value) : Optional.empty();
    }

    public boolean accepts(T value) {
        return value != null && check.test(value);
    }

    /** The same type, with values hidden from messages. */
    public ValueType<T> asSecret() {
        return new ValueType<>(allowed, reader, check, true);
    }

    public static ValueType<Integer> integer(int min, int max) {
        String allowed;
        if (min == Integer.MIN_VALUE && max == Integer.MAX_VALUE) {
            allowed = "must be an integer";
        } else if (max == Integer.MAX_VALUE) {
            allowed = "must be an integer of at least " + min;
        } else {
            allowed = "must be an integer between " + min + " and " + max;
        }
        return new ValueType<>(allowed, (text, base) -> readInteger(text), v -> v >= min && v <= max, false);
    }

    /** A finite decimal in [min, max], or (min, max] when minExclusive. */
    public static ValueType<Double> decimal(double min, boolean minExclusive, double max) {
        String allowed = minExclusive
                ? "must be a number greater than " + plain(min) + " and at most " + plain(max)
                : "must be a number between " + plain(min) + " and " + plain(max);
        Predicate<Double> inRange = v -> Double.isFinite(v) && (minExclusive ? v > min : v >= min) && v <= max;
        return new ValueType<>(allowed, (text, base) -> DECIMAL.matcher(text).matches() ? Double.valueOf(text) : null,
                inRange, false);
    }

    public static ValueType<Boolean> bool() {
        return new ValueType<>("must be true, false, yes or no", (text, base) -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> Boolean.TRUE;
            case "false", "no" -> Boolean.FALSE;
            default -> null;
        }, v -> true, false);
    }

    public static ValueType<String> string() {
        return new ValueType<>("must be a non-blank string", (text, base) -> text, v -> !v.isBlank(), false);
    }

    /** Any text, empty included (for values whose absence means "use the built-in choice"). */
    public static ValueType<String> text() {
        return new ValueType<>("must be text", (text, base) -> text, v -> true, false);
    }

    /** Empty (the embedded H2 database) or a JDBC URL for H2 or PostgreSQL. */
    public static ValueType<String> jdbcUrl() {
        return new ValueType<>("must be empty or a jdbc:h2: or jdbc:postgresql: URL", (text, base) -> text,
                v -> v.isEmpty() || v.startsWith("jdbc:h2:") || v.startsWith("jdbc:postgresql:"), false);
    }

    /** One of the enum's constants, written in lower case (matched ignoring case). */
    public static <E extends Enum<E>> ValueType<E> choice(Class<E> type) {
        E[] constants = type.getEnumConstants();
        String names = Arrays.stream(constants).map(ValueType::choiceName).collect(Collectors.joining(", "));
        return new ValueType<>("must be one of " + names, (text, base) -> Arrays.stream(constants)
                .filter(c -> c.name().equalsIgnoreCase(text)).findFirst().orElse(null), v -> true, false);
    }

    /** Text such as "250ms", "30s", "5m" or "1h". */
    public static ValueType<Duration> duration() {
        return new ValueType<>("must be a duration such as 250ms, 30s, 5m, 1h or 30d",
                (text, base) -> readDuration(text), v -> !v.isNegative(), false);
    }

    /** A path; relative ones are resolved against the base directory so the result never depends on the cwd. */
    public static ValueType<Path> path() {
        return new ValueType<>("must be a file system path", ValueType::readPath, Path::isAbsolute, false);
    }

    /** One value of {@code element}, or several separated by commas (in order, none empty). */
    public static <T> ValueType<List<T>> list(ValueType<T> element) {
        return new ValueType<>(element.allowed() + ", or several separated by commas", (text, base) -> {
            List<T> values = new java.util.ArrayList<>();
            for (String part : text.split(",", -1)) {
                T value = element.reader.read(part.strip(), base);
                if (value == null || !element.accepts(value)) {
                    return null;
                }
                values.add(value);
            }
            return List.copyOf(values);
        }, v -> !v.isEmpty() && v.stream().allMatch(element::accepts), element.secret);
    }

    /** Empty (the built-in choice) or a path, resolved like {@link #path()}. */
    public static ValueType<Optional<Path>> optionalPath() {
        return new ValueType<>("must be empty or a file system path",
                (text, base) -> text.isEmpty() ? Optional.empty() : Optional.ofNullable(readPath(text, base)),
                v -> v.isEmpty() || v.get().isAbsolute(), false);
    }

    public static ValueType<URI> url() {
        return new ValueType<>("must be an absolute http or https URL", (text, base) -> readUri(text),
                ValueType::isHttpUrl, false);
    }

    /** Empty (no credentials) or "user:password" with both parts present. */
    public static ValueType<String> userPassword() {
        return new ValueType<>("must be empty or user:password", (text, base) -> text, v -> {
            int colon = v.indexOf(':');
            return v.isEmpty() || (colon > 0 && colon < v.length() - 1);
        }, true);
    }

    static String choiceName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static Integer readInteger(String text) {
        if (!INTEGER.matcher(text).matches()) {
            return null;
        }
        try {
            return Integer.valueOf(text.replace("_", ""));
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }

    private static Duration readDuration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            return null;
        }
        try {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofHours(amount);
            };
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            return null;
        }
    }

    private static Path readPath(String text, Path baseDir) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return baseDir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static URI readUri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    // getHost() is null for hosts java.net.http cannot reach either (e.g. with '_'), so they fail here, early.
    private static boolean isHttpUrl(URI uri) {
        String scheme = uri.getScheme();
        return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                && uri.getHost() != null;
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
