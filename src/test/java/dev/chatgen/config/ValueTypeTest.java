package dev.chatgen.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypeTest {
    private static final Path BASE = Path.of("/srv/chatgen");

    private static <T> Optional<T> parse(ValueType<T> type, String text) {
        return type.parse(text, BASE);
    }

    @Test
    void integer_validForms_areParsed() {
        ValueType<Integer> type = ValueType.integer(-10, 2_000_000);

        assertEquals(Optional.of(12), parse(type, "12"));
        assertEquals(Optional.of(3), parse(type, "+3"));
        assertEquals(Optional.of(-10), parse(type, "-10"));
        assertEquals(Optional.of(1_000_000), parse(type, "1_000_000"));
        assertEquals(Optional.of(7), parse(type, " 7 "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1.0", "1e3", "0x10", "1__0", "_1", "11", "-11", "99999999999"})
    void integer_badForms_areRejected(String text) {
        assertEquals(Optional.empty(), parse(ValueType.integer(-10, 10), text));
    }

    @Test
    void integer_allowed_describesRange() {
        assertEquals("must be an integer between 1 and 20", ValueType.integer(1, 20).allowed());
        assertEquals("must be an integer of at least 1", ValueType.integer(1, Integer.MAX_VALUE).allowed());
        assertEquals("must be an integer", ValueType.integer(Integer.MIN_VALUE, Integer.MAX_VALUE).allowed());
    }

    @Test
    void decimal_validForms_areParsed() {
        ValueType<Double> type = ValueType.decimal(0, false, 1);

        assertEquals(Optional.of(0.5), parse(type, "0.5"));
        assertEquals(Optional.of(0.5), parse(type, ".5"));
        assertEquals(Optional.of(0.001), parse(type, "1e-3"));
        assertEquals(Optional.of(1.0), parse(type, "1"));
        assertEquals(Optional.of(0.0), parse(type, "0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fast", "NaN", "Infinity", "0x1p-3", "0.5d", "1.5", "1.01", "-0.1", "1e2"})
    void decimal_badForms_areRejected(String text) {
        assertEquals(Optional.empty(), parse(ValueType.decimal(0, false, 1), text));
    }

    @Test
    void decimal_exclusiveMinimum_rejectsMinimum() {
        ValueType<Double> type = ValueType.decimal(0, true, 1);

        assertEquals(Optional.empty(), parse(type, "0"));
        assertEquals(Optional.of(1e-9), parse(type, "1e-9"));
        assertEquals("must be a number greater than 0 and at most 1", type.allowed());
    }

    @Test
    void bool_trueFalseYesNo_areParsedIgnoringCase() {
        ValueType<Boolean> type = ValueType.bool();

        assertEquals(Optional.of(true), parse(type, "true"));
        assertEquals(Optional.of(true), parse(type, "YES"));
        assertEquals(Optional.of(false), parse(type, "False"));
        assertEquals(Optional.of(false), parse(type, "no"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "0", "on", "off", "y", "truee"})
    void bool_badForms_areRejected(String text) {
        assertEquals(Optional.empty(), parse(ValueType.bool(), text));
    }

    @Test
    void string_blank_isRejected() {
        assertEquals(Optional.empty(), parse(ValueType.string(), " \t"));
        assertEquals(Optional.of("key"), parse(ValueType.string(), " key "));
    }

    @Test
    void choice_matchesIgnoringCase() {
        ValueType<RenderBackend> type = ValueType.choice(RenderBackend.class);

        assertEquals(Optional.of(RenderBackend.A1111), parse(type, "A1111"));
        assertEquals(Optional.of(RenderBackend.HORDE), parse(type, "horde"));
        assertEquals(Optional.empty(), parse(type, "gpu"));
        assertEquals(Optional.empty(), parse(type, ""));
        assertEquals("must be one of recipe, a1111, comfyui, horde", type.allowed());
    }

    @Test
    void duration_eachUnit_isParsed() {
        ValueType<Duration> type = ValueType.duration();

        assertEquals(Optional.of(Duration.ofMillis(250)), parse(type, "250ms"));
        assertEquals(Optional.of(Duration.ofSeconds(30)), parse(type, "30s"));
        assertEquals(Optional.of(Duration.ofMinutes(5)), parse(type, "5m"));
        assertEquals(Optional.of(Duration.ofHours(1)), parse(type, "1H"));
        assertEquals(Optional.of(Duration.ZERO), parse(type, "0s"));
        assertEquals(Optional.of(Duration.ofDays(30)), parse(type, "30d"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "s", "5 minutes", "1.5s", "-1s", "1w", "1d12h", "1h30m", "PT30S",
            "99999999999999999999h", "9999999999999999h"})
    void duration_badForms_areRejected(String text) {
        assertEquals(Optional.empty(), parse(ValueType.duration(), text));
    }

    @Test
    void path_relative_isResolvedAgainstBaseAndNormalised() {
        assertEquals(Optional.of(Path.of("/srv/chatgen/data/images")), parse(ValueType.path(), "data/images"));
        assertEquals(Optional.of(Path.of("/srv/other")), parse(ValueType.path(), "../other"));
        assertEquals(Optional.of(Path.of("/tmp/x")), parse(ValueType.path(), "/tmp/x"));
    }

    @Test
    void path_blankOrNul_isRejected() {
        assertEquals(Optional.empty(), parse(ValueType.path(), " "));
        assertEquals(Optional.empty(), parse(ValueType.path(), "a\0b"));
    }

    @Test
    void path_accepts_onlyAbsolute() {
        assertFalse(ValueType.path().accepts(Path.of("data")));
        assertTrue(ValueType.path().accepts(Path.of("/data")));
    }

    @Test
    void url_httpAndHttps_areAccepted() {
        assertEquals(Optional.of(URI.create("http://127.0.0.1:7860")), parse(ValueType.url(), "http://127.0.0.1:7860"));
        assertEquals(Optional.of(URI.create("HTTPS://horde.example/api")), parse(ValueType.url(), "HTTPS://horde.example/api"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost:7860", "127.0.0.1:7860", "ftp://host/", "http://", "http:///path",
            "/relative", "http://a b", "mailto:me@example.com", "http://bad_host:80"})
    void url_badForms_areRejected(String text) {
        assertEquals(Optional.empty(), parse(ValueType.url(), text));
    }

    @Test
    void userPassword_emptyOrWithColon_isAccepted() {
        ValueType<String> type = ValueType.userPassword();

        assertEquals(Optional.of(""), parse(type, ""));
        assertEquals(Optional.of("user:pass"), parse(type, "user:pass"));
        assertEquals(Optional.of("user:pa:ss"), parse(type, "user:pa:ss"));
        assertTrue(type.secret());
    }

    @ParameterizedTest
    @ValueSource(strings = {"user", ":pass", "user:", ":"})
    void userPassword_badForms_areRejected(String text) {
        assertEquals(Optional.empty(), parse(ValueType.userPassword(), text));
    }

    @Test
    void asSecret_keepsRulesAndHides() {
        ValueType<String> secret = ValueType.string().asSecret();

        assertTrue(secret.secret());
        assertFalse(ValueType.string().secret());
        assertEquals(Optional.empty(), parse(secret, ""));
        assertEquals(ValueType.string().allowed(), secret.allowed());
    }

    @Test
    void list_takesOneOrSeveralCommaSeparated_andRefusesABadOrEmptyPart() {
        ValueType<java.util.List<java.net.URI>> type = ValueType.list(ValueType.url());
        java.nio.file.Path base = java.nio.file.Path.of("/srv");

        assertEquals(java.util.Optional.of(java.util.List.of(java.net.URI.create("http://a:1"))), type.parse("http://a:1", base));
        assertEquals(java.util.Optional.of(java.util.List.of(java.net.URI.create("http://a:1"), java.net.URI.create("http://b:2"))),
                type.parse(" http://a:1 ,http://b:2 ", base));
        assertEquals(java.util.Optional.empty(), type.parse("http://a:1, ftp://b", base));
        assertEquals(java.util.Optional.empty(), type.parse("http://a:1,", base));
        assertEquals("must be an absolute http or https URL, or several separated by commas", type.allowed());
    }
}
