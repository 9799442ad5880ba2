package dev.chatgen.adapter.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatgen.adapter.slack.fake.FakeSlack;
import dev.chatgen.app.Main;
import dev.chatgen.testing.ChildJvm;
import dev.chatgen.testing.SharedEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `chatgen serve` as an operator starts it, with SLACK_BOT_TOKEN in the environment and slack.* in the config. */
class ServeWithSlackTest {
    @TempDir
    Path dir;

    @Test
    void aTokenSlackRejects_stopsServe_withExit2_andSaysWhatToCheck() throws Exception {
        try (FakeSlack slack = new FakeSlack()) {
            Path config = dir.resolve("chatgen.yaml");
            Files.writeString(config, String.join("\n", SharedEngine.configLines()) + "\n" + String.join("\n",
                    "http:",
                    "  port: 0",
                    "slack:",
                    "  api-url: " + slack.apiBase(),
                    ""));
            try (ChildJvm serve = ChildJvm.start(dir.resolve("serve.log"),
                    Map.of("SLACK_BOT_TOKEN", "xoxb-wrong", "SLACK_APP_TOKEN", FakeSlack.APP_TOKEN, "CHATGEN_SLACK_MODE", "socket"),
                    Main.class.getName(), "serve", "--config", config.toString())) {
                int code = serve.waitFor(Duration.ofSeconds(90));
                assertEquals(2, code, serve.output());
                assertTrue(serve.output().contains("Slack rejected SLACK_BOT_TOKEN (invalid_auth)"), serve.output());
            }
        }
    }
}
