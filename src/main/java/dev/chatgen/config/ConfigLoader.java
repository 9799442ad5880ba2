package dev.chatgen.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link ChatgenConfig} from defaults, then a YAML file, then CHATGEN_* environment
 * variables, each overriding the one before. Every problem is reported in one {@link ConfigException}.
 */
public final class ConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    private static final String ENV_PREFIX = "CHATGEN_";
    private static final String CONFIG_DIR = "bot-config";

    private ConfigLoader() {
    }

    /**
     * Loads a file, resolving relative paths against the directory holding bot-config/ when the
     * file is in bot-config/, otherwise against the file's own directory.
     */
    public static ChatgenConfig load(Path yamlFile, Map<String, String> env) {
        return load(yamlFile, defaultBaseDir(yamlFile), env);
    }

    public static ChatgenConfig load(Path yamlFile, Path baseDir, Map<String, String> env) {
        Path file = yamlFile.toAbsolutePath().normalize();
        Path base = baseDir.toAbsolutePath().normalize();
        Objects.requireNonNull(env, "env");
        if (!Files.exists(file)) {
            throw new ConfigException(List.of("configuration file " + file + " does not exist"));
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(List.of("configuration file " + file + " is not a regular file"));
        }
        String fileName = file.startsWith(base) ? base.relativize(file).toString() : file.toString();
        List<String> errors = new ArrayList<>();
        Map<String, Setting> settings = YamlSettings.read(file, fileName, keysByName(), sections(), errors);
        return resolve(settings, env, base, errors);
    }

    /** Defaults and environment only, relative paths against the working directory. */
    public static ChatgenConfig defaults(Map<String, String> env) {
        return defaults(Path.of(""), env);
    }

    /** Defaults and environment only, for running without a configuration file. */
    public static ChatgenConfig defaults(Path baseDir, Map<String, String> env) {
        return resolve(Map.of(), Objects.requireNonNull(env, "env"), baseDir.toAbsolutePath().normalize(),
                new ArrayList<>());
    }

    static Path defaultBaseDir(Path yamlFile) {
        Path dir = yamlFile.toAbsolutePath().normalize().getParent();
        boolean inConfigDir = dir.getFileName() != null && dir.getFileName().toString().equals(CONFIG_DIR);
        return inConfigDir && dir.getParent() != null ? dir.getParent() : dir;
    }

    private static ChatgenConfig resolve(Map<String, Setting> fromFile, Map<String, String> env, Path base,
            List<String> errors) {
        Map<String, Setting> settings = new HashMap<>(fromFile);
        List<String> overridden = applyEnvironment(env, settings, errors);
        ConfigValues values = new ConfigValues();
        for (Key<?> key : Keys.all()) {
            parse(key, settings.get(key.name()), base, values, errors);
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        if (!overridden.isEmpty()) {
            LOG.info("Configuration keys set from the environment: {}", overridden);
        }
        return ChatgenConfig.from(values);
    }

    /** Puts CHATGEN_* variables over the file's settings; returns the keys they set. */
    private static List<String> applyEnvironment(Map<String, String> env, Map<String, Setting> settings,
            List<String> errors) {
        Map<String, Key<?>> byEnvName = new HashMap<>();
        Keys.all().forEach(k -> byEnvName.put(k.envName(), k));
        List<String> overridden = new ArrayList<>();
        for (Map.Entry<String, String> variable : new TreeMap<>(env).entrySet()) { // sorted: stable messages
            String name = variable.getKey();
            if (!name.startsWith(ENV_PREFIX) || variable.getValue() == null) {
                continue;
            }
            Key<?> key = byEnvName.get(name);
            if (key == null) {
                errors.add("unknown environment variable " + name + Suggestions.closest(name, byEnvName.keySet())
                        .map(s -> "; did you mean " + s + "?").orElse(""));
            } else {
                settings.put(key.name(), new Setting(variable.getValue(), "environment " + name));
                overridden.add(key.name());
            }
        }
        return overridden;
    }

    private static <T> void parse(Key<T> key, Setting setting, Path base, ConfigValues values, List<String> errors) {
        Setting s = setting != null ? setting : new Setting(key.defaultText(), "default");
        key.parse(s.text(), base).ifPresentOrElse(v -> values.put(key, v), () -> errors.add(
                key.name() + ": " + key.allowed() + ", was " + key.show(s.text()) + " (from " + s.origin() + ")"));
    }

    private static Map<String, Key<?>> keysByName() {
        Map<String, Key<?>> byName = new LinkedHashMap<>(); // registry order breaks suggestion ties
        Keys.all().forEach(k -> byName.put(k.name(), k));
        return byName;
    }

    private static Set<String> sections() {
        Set<String> sections = new TreeSet<>();
        for (Key<?> key : Keys.all()) {
            for (int dot = key.name().indexOf('.'); dot > 0; dot = key.name().indexOf('.', dot + 1)) {
                sections.add(key.name().substring(0, dot));
            }
        }
        return sections;
    }
}
