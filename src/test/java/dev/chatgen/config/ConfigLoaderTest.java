package dev.chatgen.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    private static final String FILE = "(from bot-config/chatgen.yaml:";

    @TempDir
    Path root;

    private Path write(String yaml) throws IOException {
        Path dir = Files.createDirectories(root.resolve("bot-config"));
        return Files.writeString(dir.resolve("chatgen.yaml"), yaml);
    }

    private ChatgenConfig load(String yaml, Map<String, String> env) throws IOException {
        return ConfigLoader.load(write(yaml), env);
    }

    private List<String> errors(String yaml, Map<String, String> env) throws IOException {
        Path file = write(yaml);
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(file, env)).errors();
    }

    @Test
    void load_emptyYaml_givesDefaults() throws IOException {
        ChatgenConfig config = load("", Map.of());

        assertEquals(200, config.engine().modelTokens().epochs());
        assertEquals(0.01, config.engine().modelTokens().learningRate());
        assertEquals(RenderBackend.RECIPE, config.render().backend());
        assertEquals(root.resolve("bot-config/catalog/models.jsonl"), config.catalog().models());
        assertEquals(ConfigLoader.defaults(root, Map.of()), config);
    }

    @Test
    void load_commentsOnly_givesDefaults() throws IOException {
        assertEquals(ConfigLoader.defaults(root, Map.of()), load("# nothing set\n---\n", Map.of()));
    }

    @Test
    void defaults_noFile_givesRegistryDefaults() {
        ChatgenConfig c = ConfigLoader.defaults(root, Map.of());

        assertEquals(new CatalogConfig(root.resolve("bot-config/catalog/models.jsonl"),
                root.resolve("bot-config/catalog/demonstrations.jsonl")), c.catalog());
        assertEquals(new EngineConfig(new EncoderConfig(20000),
                new ModelTokensConfig(200, 0.01, 0.001, root.resolve("data/model-tokens"), 42),
                new SelectConfig(3), new ArgsConfig(5), new PromptConfig(4000),
                new ImagesConfig(20971520, 40000000)), c.engine());
        assertEquals(new RenderConfig(List.of(RenderBackend.RECIPE),
                new A1111Config(URI.create("http://127.0.0.1:7860"), ""),
                new ComfyConfig(URI.create("http://127.0.0.1:8188")),
                new HordeConfig(URI.create("https://aihorde.net/api"), "0000000000"), root.resolve("data/images"), 1,
                Duration.ofMinutes(10), Duration.ofSeconds(1)), c.render());
        assertEquals(new StoreConfig("", root.resolve("data/chatgen"), "", "", Optional.empty(),
                root.resolve("data/attachments")), c.store());
        assertEquals(new ChatConfig(Duration.ofMinutes(30), 8), c.chat());
        assertEquals(new QueueConfig(3, Duration.ofSeconds(5), Duration.ofSeconds(30), 5, Duration.ofSeconds(60),
                Duration.ofMillis(100), Duration.ofSeconds(30)), c.queue());
        assertEquals(new DiscordConfig(URI.create("https://discord.com/api/v10/"), "", false, java.util.Set.of(), 1, 10485760), c.discord());
        assertEquals(new LogConfig(LogLevel.INFO), c.log());
    }

    @Test
    void defaults_env_isApplied() {
        ChatgenConfig c = ConfigLoader.defaults(root, Map.of("CHATGEN_LOG_LEVEL", "debug"));

        assertEquals(LogLevel.DEBUG, c.log().level());
    }

    @Test
    void load_yamlValues_areParsed() throws IOException {
        ChatgenConfig c = load("""
                engine:
                  model-tokens:
                    epochs: 12
                    learning-rate: 1e-3
                    seed: -7
                  images:
                    max-bytes: 1_048_576
                render:
                  backend: comfyui
                  a1111:
                    auth: admin:s3cret
                  comfyui:
                    url: https://comfy.example:8443/base
                  horde:
                    api-key: 0000000000
                log:
                  level: WARN
                """, Map.of());

        assertEquals(12, c.engine().modelTokens().epochs());
        assertEquals(0.001, c.engine().modelTokens().learningRate());
        assertEquals(-7, c.engine().modelTokens().seed());
        assertEquals(1_048_576, c.engine().images().maxBytes());
        assertEquals(RenderBackend.COMFYUI, c.render().backend());
        assertEquals("admin:s3cret", c.render().a1111().auth());
        assertEquals(URI.create("https://comfy.example:8443/base"), c.render().comfyui().url());
        assertEquals("0000000000", c.render().horde().apiKey(), "the text is kept, not YAML's number 0");
        assertEquals(LogLevel.WARN, c.log().level());
    }

    @Test
    void load_dottedKeys_areAccepted() throws IOException {
        ChatgenConfig c = load("engine.model-tokens.epochs: 7\nengine:\n  select.top-k: 9\n", Map.of());

        assertEquals(7, c.engine().modelTokens().epochs());
        assertEquals(9, c.engine().select().topK());
    }

    @Test
    void load_nullValue_keepsDefault() throws IOException {
        assertEquals(3, load("engine:\n  select:\n    top-k:\n", Map.of()).engine().select().topK());
    }

    @Test
    void load_badYamlValue_reportsKeyValueFileAndLine() throws IOException {
        List<String> errors = errors("""
                # comment
                engine:
                  model-tokens:
                    epochs: lots
                """, Map.of());

        assertEquals(List.of("engine.model-tokens.epochs: must be an integer between 1 and 10000, was \"lots\" "
                + FILE + "4)"), errors);
    }

    @Test
    void load_badEnum_reportsAllowedChoices() throws IOException {
        List<String> errors = errors("render:\n  backend: gpu\n", Map.of());

        assertEquals(List.of("render.backend: must be one of recipe, a1111, comfyui, horde, or several separated by commas, was \"gpu\" "
                + FILE + "2)"), errors);
    }

    @Test
    void load_envOverride_winsOverYaml() throws IOException {
        ChatgenConfig c = load("engine:\n  select:\n    top-k: 4\n", Map.of("CHATGEN_ENGINE_SELECT_TOP_K", "6"));

        assertEquals(6, c.engine().select().topK());
    }

    @Test
    void load_envOverride_replacesInvalidYamlValue() throws IOException {
        ChatgenConfig c = load("engine:\n  select:\n    top-k: many\n", Map.of("CHATGEN_ENGINE_SELECT_TOP_K", "6"));

        assertEquals(6, c.engine().select().topK());
    }

    @Test
    void load_badEnvValue_namesVariable() throws IOException {
        List<String> errors = errors("", Map.of("CHATGEN_ENGINE_MODEL_TOKENS_EPOCHS", "lots"));

        assertEquals(List.of("engine.model-tokens.epochs: must be an integer between 1 and 10000, was \"lots\" "
                + "(from environment CHATGEN_ENGINE_MODEL_TOKENS_EPOCHS)"), errors);
    }

    @Test
    void load_unknownDottedYamlKey_suggestsClosest() throws IOException {
        List<String> errors = errors("\nengine.modle-tokens.epochs: 5\n", Map.of());

        assertEquals(List.of("unknown key engine.modle-tokens.epochs; did you mean engine.model-tokens.epochs? "
                + FILE + "2)"), errors);
    }

    @Test
    void load_unknownNestedSection_suggestsClosestSection() throws IOException {
        List<String> errors = errors("engine:\n  modle-tokens:\n    epochs: 5\n", Map.of());

        assertEquals(List.of("unknown key engine.modle-tokens; did you mean engine.model-tokens? " + FILE + "2)"),
                errors);
    }

    @Test
    void load_keyInWrongSection_suggestsKeyWithSameName() throws IOException {
        List<String> errors = errors("engine:\n  epochs: 5\n", Map.of());

        assertEquals(List.of("unknown key engine.epochs; did you mean engine.model-tokens.epochs? " + FILE + "2)"),
                errors);
    }

    @Test
    void load_unknownKeyUnlikeAny_hasNoSuggestion() throws IOException {
        assertEquals(List.of("unknown key telemetry " + FILE + "1)"), errors("telemetry: on\n", Map.of()));
    }

    @Test
    void load_unknownChatgenEnvVar_isErrorWithSuggestion() throws IOException {
        List<String> errors = errors("", Map.of("CHATGEN_RENDER_BACKEN", "horde"));

        assertEquals(List.of("unknown environment variable CHATGEN_RENDER_BACKEN; did you mean CHATGEN_RENDER_BACKEND?"),
                errors);
    }

    @Test
    void load_otherEnvVars_areIgnored() throws IOException {
        ChatgenConfig c = load("", Map.of("PATH", "/bin", "CHATGENERATOR", "x", "chatgen_log_level", "bogus"));

        assertEquals(LogLevel.INFO, c.log().level());
    }

    @Test
    void load_severalProblems_reportedTogether() throws IOException {
        Path file = write("""
                render:
                  backend: gpu
                  a1111:
                    auth: admin
                engine:
                  select:
                    top-k: 0
                """);
        Map<String, String> env = Map.of("CHATGEN_RENDER_COMFYUI_URL", "localhost:8188", "CHATGEN_TYPO", "1");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, env));

        assertEquals(5, e.errors().size(), e.getMessage());
        assertEquals(String.join("\n", e.errors()), e.getMessage());
        assertTrue(e.getMessage().contains("unknown environment variable CHATGEN_TYPO"));
        assertTrue(e.getMessage().contains("engine.select.top-k: must be an integer between 1 and 20, was \"0\" "
                + FILE + "7)"));
        assertTrue(e.getMessage().contains("render.backend: must be one of recipe, a1111, comfyui, horde, or several separated by commas, was \"gpu\" "
                + FILE + "2)"));
        assertTrue(e.getMessage().contains("render.a1111.auth: must be empty or user:password, was (hidden) "
                + FILE + "4)"));
        assertTrue(e.getMessage().contains("render.comfyui.url: must be an absolute http or https URL, or several separated by commas, "
                + "was \"localhost:8188\" (from environment CHATGEN_RENDER_COMFYUI_URL)"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            CHATGEN_ENGINE_SELECT_TOP_K               | three          | engine.select.top-k: must be an integer between 1 and 20, was "three"
            CHATGEN_ENGINE_SELECT_TOP_K               | 21             | engine.select.top-k: must be an integer between 1 and 20, was "21"
            CHATGEN_ENGINE_SELECT_TOP_K               | 2.5            | engine.select.top-k: must be an integer between 1 and 20, was "2.5"
            CHATGEN_ENGINE_ENCODER_CACHE_SIZE         | -1             | engine.encoder.cache-size: must be an integer between 0 and 10000000, was "-1"
            CHATGEN_ENGINE_MODEL_TOKENS_SEED          | 99999999999    | engine.model-tokens.seed: must be an integer, was "99999999999"
            CHATGEN_ENGINE_IMAGES_MAX_PIXELS          | 0              | engine.images.max-pixels: must be an integer of at least 1, was "0"
            CHATGEN_ENGINE_MODEL_TOKENS_LEARNING_RATE | 0              | engine.model-tokens.learning-rate: must be a number greater than 0 and at most 1, was "0"
            CHATGEN_ENGINE_MODEL_TOKENS_LEARNING_RATE | fast           | engine.model-tokens.learning-rate: must be a number greater than 0 and at most 1, was "fast"
            CHATGEN_ENGINE_MODEL_TOKENS_LEARNING_RATE | NaN            | engine.model-tokens.learning-rate: must be a number greater than 0 and at most 1, was "NaN"
            CHATGEN_ENGINE_MODEL_TOKENS_ANCHOR  | 1.5            | engine.model-tokens.anchor: must be a number between 0 and 1, was "1.5"
            CHATGEN_RENDER_BACKEND                    | gpu            | render.backend: must be one of recipe, a1111, comfyui, horde, or several separated by commas, was "gpu"
            CHATGEN_LOG_LEVEL                         | verbose        | log.level: must be one of error, warn, info, debug, trace, was "verbose"
            CHATGEN_RENDER_A1111_URL                  | ftp://host/    | render.a1111.url: must be an absolute http or https URL, or several separated by commas, was "ftp://host/"
            CHATGEN_RENDER_A1111_URL                  | http://        | render.a1111.url: must be an absolute http or https URL, or several separated by commas, was "http://"
            CHATGEN_RENDER_A1111_URL                  | /sdapi/v1      | render.a1111.url: must be an absolute http or https URL, or several separated by commas, was "/sdapi/v1"
            CHATGEN_RENDER_A1111_URL                  | http://a b     | render.a1111.url: must be an absolute http or https URL, or several separated by commas, was "http://a b"
            CHATGEN_RENDER_A1111_AUTH                 | admin          | render.a1111.auth: must be empty or user:password, was (hidden)
            CHATGEN_RENDER_A1111_AUTH                 | :pw            | render.a1111.auth: must be empty or user:password, was (hidden)
            CHATGEN_RENDER_A1111_AUTH                 | admin:         | render.a1111.auth: must be empty or user:password, was (hidden)
            CHATGEN_RENDER_HORDE_API_KEY              | '  '           | render.horde.api-key: must be a non-blank string, was (hidden)
            CHATGEN_RENDER_OUT_DIR                    | ''             | render.out-dir: must be a file system path, was ""
            """)
    void load_badEnvValue_isRejectedWithAllowedForm(String variable, String value, String expected)
            throws IOException {
        assertEquals(List.of(expected + " (from environment " + variable + ")"),
                errors("", Map.of(variable, value)));
    }

    @Test
    void load_nonIntegerYamlNumber_isRejected() throws IOException {
        assertEquals(List.of("engine.args.neighbours: must be an integer between 1 and 100, was \"12.5\" " + FILE + "3)"),
                errors("engine:\n  args:\n    neighbours: 12.5\n", Map.of()));
    }

    @Test
    void load_secretValue_isNotEchoed() throws IOException {
        List<String> errors = errors("render:\n  a1111:\n    auth: hunter2\n", Map.of());

        assertFalse(errors.get(0).contains("hunter2"), errors.get(0));
    }

    @Test
    void load_relativePaths_resolvedAgainstParentOfBotConfig() throws IOException {
        ChatgenConfig c = load("""
                catalog:
                  models: bot-config/catalog/../my-models.jsonl
                engine:
                  model-tokens:
                    cache-dir: /var/cache/tokens
                """, Map.of("CHATGEN_RENDER_OUT_DIR", "out"));

        assertEquals(root.resolve("bot-config/my-models.jsonl"), c.catalog().models());
        assertEquals(Path.of("/var/cache/tokens"), c.engine().modelTokens().cacheDir());
        assertEquals(root.resolve("out"), c.render().outDir());
    }

    @Test
    void load_explicitBaseDir_isUsedForPaths() throws IOException {
        Path base = Files.createDirectories(root.resolve("elsewhere"));

        ChatgenConfig c = ConfigLoader.load(write(""), base, Map.of());

        assertEquals(base.resolve("data/images"), c.render().outDir());
    }

    @Test
    void load_fileOutsideBotConfig_resolvesAgainstItsDirectory() throws IOException {
        Path file = Files.writeString(root.resolve("chatgen.yaml"), "");

        assertEquals(root.resolve("data/images"), ConfigLoader.load(file, Map.of()).render().outDir());
    }

    @Test
    void load_missingFile_namesPath() {
        Path missing = root.resolve("bot-config/none.yaml");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing, Map.of()));

        assertEquals("configuration file " + missing + " does not exist", e.getMessage());
    }

    @Test
    void load_directory_isError() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(root, Map.of()));

        assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
    }

    @Test
    void load_yamlList_isErrorNamingFileAndLine() throws IOException {
        assertEquals(List.of("configuration must be a YAML mapping of keys, was a list " + FILE + "2)"),
                errors("# a list\n- engine\n- render\n", Map.of()));
    }

    @Test
    void load_yamlScalar_isErrorNamingFileAndLine() throws IOException {
        assertEquals(List.of("configuration must be a YAML mapping of keys, was \"hello\" " + FILE + "1)"),
                errors("hello\n", Map.of()));
    }

    @Test
    void load_brokenSyntax_isErrorNamingFileAndLineOfProblem() throws IOException {
        List<String> errors = errors("log:\n  level: info\nrender:\n  backend: \"recipe\n  out-dir: x\n", Map.of());

        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("invalid YAML: "), errors.get(0));
        assertTrue(errors.get(0).endsWith(" started on line 4 " + FILE + "6)"), errors.get(0));
    }

    @Test
    void load_tabIndentation_isErrorNamingLine() throws IOException {
        List<String> errors = errors("log:\n\tlevel: info\n", Map.of());

        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).matches("invalid YAML: .*TAB.* \\Q" + FILE + "2)\\E"), errors.get(0));
    }

    @Test
    void load_brokenSyntax_stillReportsEarlierValues() throws IOException {
        List<String> errors = errors("log:\n  level: loud\nrender:\n  backend: 'recipe\n", Map.of());

        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(1).startsWith("log.level: "), errors.toString());
    }

    @Test
    void load_severalDocuments_isError() throws IOException {
        assertEquals(List.of("configuration must be a single YAML document " + FILE + "4)"),
                errors("log:\n  level: info\n---\nlog:\n  level: debug\n", Map.of()));
    }

    @Test
    void load_mappingForValue_isError() throws IOException {
        assertEquals(List.of("render.backend: must be one of recipe, a1111, comfyui, horde, or several separated by commas, was a mapping " + FILE + "3)"),
                errors("render:\n  backend:\n    name: horde\n", Map.of()));
    }

    @Test
    void load_valueForSection_isError() throws IOException {
        assertEquals(List.of("engine: must be a section of keys such as engine.encoder.cache-size, was \"5\" "
                + FILE + "1)"), errors("engine: 5\n", Map.of()));
    }

    @Test
    void load_duplicateKey_isError() throws IOException {
        assertEquals(List.of("duplicate key log.level, first set on line 2 " + FILE + "3)"),
                errors("log:\n  level: info\n  level: debug\n", Map.of()));
    }

    @Test
    void load_sameKeyDottedAndNested_isDuplicate() throws IOException {
        assertEquals(List.of("duplicate key log.level, first set on line 1 " + FILE + "3)"),
                errors("log.level: info\nlog:\n  level: debug\n", Map.of()));
    }
}
