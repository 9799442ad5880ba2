package dev.chatgen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatgen.app.Main;
import dev.chatgen.testing.SharedEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** `chatgen serve` and `chatgen worker` on a taken http.port stop at once, with exit 2 and what to do. */
class PortInUseCommandTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"serve", "worker"})
    void aTakenPort_stopsStartUp_withExit2_andAPlainMessage(String command) throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Path config = dir.resolve("chatgen.yaml");
            Files.writeString(config, String.join("\n", SharedEngine.configLines()) + "\n" + String.join("\n",
                    "store:",
                    "  path: " + dir.resolve("chatgen"),
                    "  attachments-dir: " + dir.resolve("attachments"),
                    "render:",
                    "  out-dir: " + dir.resolve("images"),
                    "http:",
                    "  port: " + taken.getLocalPort(),
                    ""));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream original = System.err;
            int code;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                code = Main.run(command, "--config", config.toString());
            } finally {
                System.setErr(original);
            }
            String output = err.toString(StandardCharsets.UTF_8);

            assertEquals(2, code, output);
            assertTrue(output.contains("health and metrics server error:\n  Cannot serve /healthz and /metrics on port "
                    + taken.getLocalPort() + " (http.port, CHATGEN_HTTP_PORT)"), output);
            assertFalse(output.contains("\tat "), "no stack trace: " + output);
            assertFalse(output.contains("Trained ModelTokens"), "it stops before the engine loads");
        }
    }
}
