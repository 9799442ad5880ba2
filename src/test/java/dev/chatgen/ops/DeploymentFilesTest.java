package dev.chatgen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.chatgen.config.ChatgenConfig;
import dev.chatgen.config.ConfigLoader;
import dev.chatgen.config.Key;
import dev.chatgen.config.Keys;
import dev.chatgen.config.RenderBackend;
import dev.chatgen.config.StageBackend;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment files agree with each other and with the code, offline: docker-compose.yml,
 * .env.example, the Dockerfile and .dockerignore (no Docker needed).
 */
class DeploymentFilesTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    /** ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}; $${...} is an escaped dollar. */
    private static final Pattern INTERPOLATION = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");
    private static final Pattern BARE_VARIABLE = Pattern.compile("(?<!\\$)\\$[A-Za-z_]");
    private static final Pattern ENV_LINE = Pattern.compile("(#\\s*)?([A-Z][A-Z0-9_]*)=(.*)");

    private static JsonNode compose;
    private static EnvExample env;

    @BeforeAll
    static void read() throws IOException {
        compose = new YAMLMapper().readTree(ROOT.resolve("docker-compose.yml").toFile());
        env = EnvExample.read(ROOT.resolve(".env.example"));
    }

    private static Map<String, JsonNode> services() {
        Map<String, JsonNode> services = new LinkedHashMap<>();
        compose.get("services").fields().forEachRemaining(e -> services.put(e.getKey(), e.getValue()));
        assertFalse(services.isEmpty(), "docker-compose.yml has no services");
        return services;
    }

    /** A variable line of .env.example, set or commented out, with the comment above it. */
    record EnvVariable(String name, String value, boolean active, String comment) {
    }

    record EnvExample(List<EnvVariable> variables) {
        static EnvExample read(Path file) throws IOException {
            List<EnvVariable> vars = new ArrayList<>();
            StringBuilder comment = new StringBuilder();
            for (String line : Files.readAllLines(file)) {
                Matcher m = ENV_LINE.matcher(line.strip());
                if (m.matches()) {
                    vars.add(new EnvVariable(m.group(2), m.group(3), m.group(1) == null, comment.toString().strip()));
                    comment.setLength(0);
                } else if (line.startsWith("#")) {
                    comment.append(line.substring(1)).append('\n');
                } else if (line.isBlank()) {
                    comment.setLength(0);
                } else {
                    fail(".env.example: not a comment, a blank line or VAR=value: " + line);
                }
            }
            return new EnvExample(vars);
        }

        Set<String> names() {
            return variables.stream().map(EnvVariable::name).collect(Collectors.toCollection(TreeSet::new));
        }

        /** What .env holds when copied as it is: the variables that are set. */
        Map<String, String> active() {
            Map<String, String> set = new LinkedHashMap<>();
            variables.stream().filter(EnvVariable::active).forEach(v -> set.put(v.name(), v.value()));
            return set;
        }

        /** Every example, the commented-out ones too: what a user who uncomments them all gets. */
        Map<String, String> everything() {
            Map<String, String> all = new LinkedHashMap<>();
            variables.forEach(v -> all.put(v.name(), v.value()));
            return all;
        }
    }

    @Test
    void composeFile_parses_andEveryServiceHasAnImageOrABuildWhoseContextHoldsItsDockerfile() {
        for (Map.Entry<String, JsonNode> s : services().entrySet()) {
            JsonNode build = s.getValue().get("build");
            assertTrue(s.getValue().hasNonNull("image") || build != null, s.getKey() + " has neither image nor build");
            if (build != null) {
                String context = build.isTextual() ? build.asText() : build.path("context").asText(".");
                String dockerfile = build.isTextual() ? "Dockerfile" : build.path("dockerfile").asText("Dockerfile");
                Path file = ROOT.resolve(context).resolve(dockerfile).normalize();
                assertTrue(Files.isRegularFile(file), s.getKey() + ": build context " + context + " has no " + dockerfile);
            }
        }
    }

    @Test
    void everyService_hasAHealthcheck() {
        for (Map.Entry<String, JsonNode> s : services().entrySet()) {
            JsonNode hc = s.getValue().get("healthcheck");
            assertTrue(hc != null && hc.has("test") && !hc.path("disable").asBoolean(false), s.getKey() + " has no healthcheck");
            assertFalse(hc.get("test").toString().contains("NONE"), s.getKey() + ": a healthcheck that checks nothing");
        }
    }

    @Test
    void namedVolumes_areDeclared() {
        Set<String> declared = new TreeSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(declared::add);
        Set<String> used = new TreeSet<>();
        for (Map.Entry<String, JsonNode> s : services().entrySet()) {
            for (JsonNode v : s.getValue().path("volumes")) {
                String source = v.isTextual() ? v.asText().split(":")[0] : v.path("type").asText("volume").equals("volume")
                        ? v.path("source").asText() : "";
                if (!source.isEmpty() && !source.startsWith(".") && !source.startsWith("/") && !source.startsWith("~")
                        && !source.startsWith("$")) {
                    used.add(source);
                    assertTrue(declared.contains(source), s.getKey() + " mounts volume " + source + ", not declared under volumes:");
                }
            }
        }
        assertEquals(declared, used, "every declared volume is used");
        assertTrue(used.containsAll(List.of("chatgen-data", "models")), used.toString());
    }

    @Test
    void theGpuServices_requestTheNvidiaDevice() {
        List<String> gpu = new ArrayList<>();
        services().forEach((name, s) -> {
            Set<String> profiles = new LinkedHashSet<>();
            s.path("profiles").forEach(p -> profiles.add(p.asText()));
            if (profiles.contains("gpu") || profiles.contains("llm")) {
                gpu.add(name);
                JsonNode devices = s.path("deploy").path("resources").path("reservations").path("devices");
                boolean nvidia = false;
                for (JsonNode d : devices) {
                    Set<String> caps = new LinkedHashSet<>();
                    d.path("capabilities").forEach(c -> caps.add(c.asText()));
                    nvidia |= d.path("driver").asText().equals("nvidia") && caps.contains("gpu")
                            && (d.has("count") || d.has("device_ids"));
                }
                assertTrue(nvidia, name + " does not reserve an NVIDIA GPU (deploy.resources.reservations.devices)");
            }
        });
        assertEquals(List.of("a1111", "llm"), gpu);
    }

    @Test
    void theBot_findsTheGpuServices_byTheirNamesAndPorts() {
        Map<String, String> bot = botEnvironment(env.active());
        JsonNode a1111 = services().get("a1111");
        assertTrue(a1111.path("environment").path("CLI_ARGS").asText().contains("--api"), "A1111's API is on");
        URI url = URI.create(bot.get("CHATGEN_RENDER_A1111_URL"));
        assertEquals("a1111", url.getHost());
        assertTrue(a1111.path("healthcheck").toString().contains(":" + url.getPort() + "/"), "the bot and the healthcheck use one port");

        URI llm = URI.create(bot.get("CHATGEN_LLM_URL"));
        assertEquals("llm", llm.getHost());
        String command = services().get("llm").path("command").toString();
        assertTrue(command.contains("--served-model-name=${CHATGEN_LLM_MODEL"), "vLLM serves the name the bot asks for: " + command);
        assertTrue(services().get("llm").path("healthcheck").toString().contains(":" + llm.getPort() + "/health"));
    }

    @Test
    void everyVariableTheComposeFileUses_isDocumentedInEnvExample() {
        Set<String> used = new TreeSet<>();
        for (String value : strings(compose, new ArrayList<>())) { // what Compose interpolates: values, not comments
            assertFalse(BARE_VARIABLE.matcher(value).find(), "use ${VAR}, not $VAR, so this test sees it: " + value);
            Matcher m = INTERPOLATION.matcher(value);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        assertTrue(used.contains("CHATGEN_RENDER_BACKEND"), used.toString());
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(env.names());
        assertEquals(Set.of(), missing, "used in docker-compose.yml but not in .env.example");
    }

    private static List<String> strings(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.asText());
        }
        node.fields().forEachRemaining(e -> {
            out.add(e.getKey());
            strings(e.getValue(), out);
        });
        if (node.isArray()) {
            node.forEach(n -> strings(n, out));
        }
        return out;
    }

    @Test
    void envExample_explainsEveryVariable_andHasTheSecretsTheBotReads() {
        for (EnvVariable v : env.variables()) {
            assertFalse(v.comment().isBlank(), ".env.example: " + v.name() + " has no comment above it");
        }
        assertTrue(env.names().containsAll(List.of("DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET",
                "COMPOSE_PROFILES", "JAVA_OPTS")), env.names().toString());
        assertEquals(env.variables().size(), env.names().size(), "a variable is listed twice");
        for (String secret : List.of("DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "HF_TOKEN")) {
            assertEquals("", env.active().get(secret), secret + " ships empty");
        }
    }

    @Test
    void everyChatgenVariableInEnvExample_isAConfigKey_withAValueItAccepts() {
        Map<String, Key<?>> keys = Keys.all().stream().collect(Collectors.toMap(Key::envName, Function.identity()));
        for (EnvVariable v : env.variables()) {
            if (v.name().startsWith("CHATGEN_")) {
                Key<?> key = keys.get(v.name());
                assertTrue(key != null, v.name() + " is no config key (chatgen would refuse to start)");
                assertTrue(key.parse(v.value(), ROOT).isPresent(), v.name() + "=" + v.value() + ": " + key.allowed());
            }
        }
    }

    @Test
    void theBotsConfiguration_asComposeGivesIt_loads() {
        ChatgenConfig shipped = ConfigLoader.load(ROOT.resolve("bot-config/chatgen.yaml"), botEnvironment(env.active()));
        assertEquals(List.of(RenderBackend.A1111), shipped.render().backends(), "the example is the GPU deployment");
        assertEquals(URI.create("http://a1111:7860"), shipped.render().a1111().url());

        ChatgenConfig all = ConfigLoader.load(ROOT.resolve("bot-config/chatgen.yaml"), botEnvironment(env.everything()));
        assertEquals(StageBackend.LLM, all.llm().promptWriter());
        assertTrue(all.store().url().startsWith("jdbc:postgresql://postgres:5432/"), all.store().url());
        String db = all.store().url().substring(all.store().url().lastIndexOf('/') + 1);
        assertEquals(db, services().get("postgres").path("environment").path("POSTGRES_DB").asText(), "one database name");
        assertTrue(services().get("postgres").path("environment").path("POSTGRES_PASSWORD").asText().contains("${CHATGEN_STORE_PASSWORD"));
    }

    /** The bot container's environment: .env (env_file), then its environment: entries, interpolated from .env. */
    private static Map<String, String> botEnvironment(Map<String, String> dotEnv) {
        JsonNode bot = services().get("bot");
        assertEquals(".env", bot.path("env_file").asText(), "the bot reads .env");
        Map<String, String> environment = new HashMap<>(dotEnv);
        bot.path("environment").fields().forEachRemaining(e -> environment.put(e.getKey(), interpolate(e.getValue().asText(), dotEnv)));
        return environment;
    }

    /** Compose's interpolation, the forms the file uses: ${VAR}, ${VAR:-default}, ${VAR-default}. */
    private static String interpolate(String text, Map<String, String> vars) {
        Matcher m = INTERPOLATION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = vars.get(m.group(1));
            String op = m.group(2);
            if (":-".equals(op) && (value == null || value.isEmpty()) || "-".equals(op) && value == null) {
                value = m.group(3);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Test
    void dockerfile_buildsWithMaven_runsOnAJre_asNonRoot_withAHealthcheck_likeTheLauncher() throws IOException {
        List<String> lines = instructions(Files.readString(ROOT.resolve("Dockerfile")));
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertEquals(2, froms.size(), froms.toString());
        assertTrue(froms.get(0).matches("FROM maven:3\\.9-eclipse-temurin-17 AS build"), froms.get(0));
        assertTrue(froms.get(1).startsWith("FROM eclipse-temurin:17-jre"), froms.get(1));
        String runtime = String.join("\n", lines.subList(lines.indexOf(froms.get(1)), lines.size()));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("RUN mvn ") && l.contains("-DskipTests package")), "Maven packages the jar");
        assertTrue(runtime.contains("COPY --from=build /build/target/chatgen.jar") && runtime.contains("COPY --from=build /build/target/lib/"),
                "the jar and its lib/ folder");
        assertTrue(runtime.contains("COPY bot-config/"), "bot-config/ is in the image");
        String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root");
        assertFalse(user.equals("USER root") || user.equals("USER 0"), "runs as non-root: " + user);
        assertTrue(runtime.contains("HEALTHCHECK ") && runtime.contains("/healthz"), "HEALTHCHECK on /healthz");

        String launcher = Files.readString(ROOT.resolve("chatgen"));
        String entrypoint = lines.stream().filter(l -> l.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
        assertTrue(launcher.contains("java ${JAVA_OPTS:--Xmx1g} -jar") && entrypoint.contains("java ${JAVA_OPTS:--Xmx1g} -jar target/chatgen.jar"),
                "the image starts java as ./chatgen does: " + entrypoint);
    }

    @Test
    void whatTheDockerfileCopies_existsAndIsNotDockerignored() throws IOException {
        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertTrue(ignored.containsAll(List.of(".env", ".git", "target", "data")), "secrets and build output stay out: " + ignored);
        for (String line : instructions(Files.readString(ROOT.resolve("Dockerfile")))) {
            if (line.startsWith("COPY ") && !line.contains("--from=")) {
                String[] parts = line.split("\\s+");
                for (int i = 1; i < parts.length - 1; i++) {
                    String source = parts[i].replaceAll("/$", "");
                    assertTrue(Files.exists(ROOT.resolve(source)), "COPY " + source + ": not in the repository");
                    assertFalse(ignored.stream().anyMatch(p -> source.equals(p) || source.startsWith(p + "/")),
                            "COPY " + source + " is excluded by .dockerignore");
                }
            }
        }
    }

    /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
    private static List<String> instructions(String dockerfile) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : dockerfile.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#") || line.isEmpty() && current.isEmpty()) {
                continue;
            }
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1).strip() + " " : line);
            if (!continues) {
                out.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return out;
    }
}
