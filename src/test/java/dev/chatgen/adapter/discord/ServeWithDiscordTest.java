package dev.chatgen.adapter.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatgen.adapter.discord.fake.FakeDiscord;
import dev.chatgen.app.Main;
import dev.chatgen.testing.ChildJvm;
import dev.chatgen.testing.SharedEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `chatgen serve` as an operator starts it, with DISCORD_TOKEN in the environment. */
class ServeWithDiscordTest {
    @TempDir
    Path dir;

    @Test
    void aTokenDiscordRejects_stopsServe_withExit2_andSaysWhatToCheck() throws Exception {
        try (FakeDiscord discord = new FakeDiscord()) {
            discord.acceptedToken = "the-real-token";
            Path config = dir.resolve("chatgen.yaml");
            Files.writeString(config, String.join("\n", SharedEngine.configLines()) + "\n" + String.join("\n",
                    "http:",
                    "  port: 0",
                    "discord:",
                    "  api-url: " + discord.restBase(),
                    "  gateway-url: " + discord.gatewayUrl(),
                    ""));
            try (ChildJvm serve = ChildJvm.start(dir.resolve("serve.log"), Map.of("DISCORD_TOKEN", "a-wrong-token"),
                    Main.class.getName(), "serve", "--config", config.toString())) {
                int code = serve.waitFor(Duration.ofSeconds(90));
                assertEquals(2, code, serve.output());
                assertTrue(serve.output().contains("Discord rejected DISCORD_TOKEN"), serve.output());
            }
        }
    }
}
