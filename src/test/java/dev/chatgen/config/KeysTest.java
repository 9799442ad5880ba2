package dev.chatgen.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeysTest {
    @Test
    void all_listsEveryKeyConstant() throws IllegalAccessException {
        Set<Key<?>> constants = new HashSet<>();
        for (Field field : Keys.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == Key.class) {
                constants.add((Key<?>) field.get(null));
            }
        }

        assertEquals(constants, new HashSet<>(Keys.all()));
        assertEquals(68, Keys.all().size());
    }

    @Test
    void all_namesAndEnvNamesAreUnique() {
        List<Key<?>> keys = Keys.all();

        assertEquals(keys.size(), keys.stream().map(Key::name).distinct().count());
        assertEquals(keys.size(), keys.stream().map(Key::envName).distinct().count());
    }

    @Test
    void all_defaultsAreValid() {
        for (Key<?> key : Keys.all()) {
            assertTrue(key.parse(key.defaultText(), Path.of("/base")).isPresent(), key.name());
        }
    }

    @Test
    void keys_isTheRegistry() {
        assertSame(Keys.all(), ChatgenConfig.keys());
    }

    @Test
    void envName_upperCasesAndReplacesDotsAndHyphens() {
        assertEquals("CHATGEN_ENGINE_MODEL_TOKENS_EPOCHS", Keys.ENGINE_MODEL_TOKENS_EPOCHS.envName());
        assertEquals("CHATGEN_RENDER_A1111_AUTH", Keys.RENDER_A1111_AUTH.envName());
    }

    @Test
    void key_badNameOrDoc_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Key<>("toplevel", ValueType.string(), "x", "doc"));
        assertThrows(IllegalArgumentException.class, () -> new Key<>("a.B_c", ValueType.string(), "x", "doc"));
        assertThrows(IllegalArgumentException.class, () -> new Key<>("a.b", ValueType.string(), "x", " "));
    }

    @Test
    void record_outOfRange_isRejectedLikeLoaderError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SelectConfig(0));

        assertEquals("engine.select.top-k: must be an integer between 1 and 20, was \"0\"", e.getMessage());
    }

    @Test
    void record_invalidValues_areRejected() {
        Path dir = Path.of("/data");
        assertThrows(IllegalArgumentException.class, () -> new ModelTokensConfig(200, 0.0, 0, dir, 1));
        assertThrows(IllegalArgumentException.class, () -> new ModelTokensConfig(200, Double.NaN, 0, dir, 1));
        assertThrows(IllegalArgumentException.class, () -> new ModelTokensConfig(200, 0.1, 0, Path.of("rel"), 1));
        assertThrows(IllegalArgumentException.class, () -> new CatalogConfig(null, dir));
        assertThrows(IllegalArgumentException.class, () -> new A1111Config(URI.create("ftp://h/"), ""));
        assertThrows(IllegalArgumentException.class, () -> new A1111Config(URI.create("http://h/"), "nocolon"));
        assertThrows(IllegalArgumentException.class, () -> new HordeConfig(URI.create("https://aihorde.net/api"), ""));
        assertThrows(IllegalArgumentException.class, () -> new ImagesConfig(1023, 1));
        assertThrows(IllegalArgumentException.class, () -> new LogConfig(null));
    }

    @Test
    void toString_hidesSecrets() {
        String a1111 = new A1111Config(URI.create("http://h/"), "admin:hunter2").toString();
        String horde = new HordeConfig(URI.create("https://aihorde.net/api"), "my-real-key").toString();

        assertFalse(a1111.contains("hunter2"), a1111);
        assertTrue(a1111.contains("http://h/"), a1111);
        assertFalse(horde.contains("my-real-key"), horde);
        assertTrue(new HordeConfig(URI.create("https://aihorde.net/api"), HordeConfig.ANONYMOUS_KEY).anonymous());
    }

    @Test
    void configException_needsAnError() {
        assertThrows(IllegalArgumentException.class, () -> new ConfigException(List.of()));
        assertEquals("a\nb", new ConfigException(List.of("a", "b")).getMessage());
    }
}
