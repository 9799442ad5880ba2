package dev.chatgen.adapter.discord;

import dev.chatgen.bot.ProgressMessages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatgen.engine.PlanRequest;
import dev.chatgen.engine.PlanResult;
import dev.chatgen.queue.Outbox;
import dev.chatgen.queue.Reply;
import dev.chatgen.render.RecipeCardBackend;
import dev.chatgen.render.RenderProgress;
import dev.chatgen.render.RenderRequest;
import dev.chatgen.testing.SharedEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The message a finished or failed job becomes on Discord. */
class DiscordReplySinkTest {
    @TempDir
    Path dir;

    @Test
    void aFinishedJob_isItsImage_theCompactEmbed_andTheButtons() throws Exception {
        PlanResult.Planned p = (PlanResult.Planned) SharedEngine.engine().plan(PlanRequest.of("a watercolor lighthouse at dusk"));
        Path png = dir.resolve("5.png");
        Files.write(png, new RecipeCardBackend().render(RenderRequest.of(p.plan(), 5), RenderProgress.IGNORED).png());
        Reply reply = new Reply(1, 5, ReplyTarget.ofMessage(1, 2, java.time.Instant.now()).encode(), "discord:ann", true,
                Optional.empty(), Optional.of(png), Optional.of(new Outbox.Steps(p.plan(), p.trace())), 1, Optional.empty());

        MessageCreateData data = DiscordReplySink.message(reply);
        assertEquals(List.of("chatgen-5.png"), data.getFiles().stream().map(f -> f.getName()).toList());
        assertEquals(1, data.getEmbeds().size());
        assertEquals("job 5 · chatgen", data.getEmbeds().get(0).getFooter().getText());
        assertTrue(data.getComponents().toString().contains("chatgen:steps:5"), data.getComponents().toString());
    }

    @Test
    void aPictureOverDiscordsLimit_goesAsAJpeg_andSaysSo() throws Exception {
        java.awt.image.BufferedImage noise = new java.awt.image.BufferedImage(600, 400, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(1);
        for (int y = 0; y < 400; y++) {
            for (int x = 0; x < 600; x++) {
                noise.setRGB(x, y, random.nextInt());
            }
        }
        Path png = dir.resolve("big.png");
        javax.imageio.ImageIO.write(noise, "png", png.toFile());
        long size = Files.size(png);

        Upload fitted = Upload.fit(png, "chatgen-9", (int) size - 1).orElseThrow();
        assertEquals("chatgen-9.jpg", fitted.file().getName());
        assertTrue(fitted.note().orElseThrow().contains("JPEG"));
        assertEquals("chatgen-9.png", Upload.fit(png, "chatgen-9", (int) size).orElseThrow().file().getName());
        assertTrue(Upload.fit(png, "chatgen-9", 1024).isEmpty(), "noise does not fit in 1 KiB even as a JPEG");
    }

    @Test
    void aFailedJob_isItsReason_inPlainWords() {
        Reply reply = new Reply(1, 6, "discord:1::0:", "discord:ann", false,
                Optional.of("The GPU ran out of memory at 1024x1536; try a smaller size."), Optional.empty(), Optional.empty(), 1,
                Optional.empty());

        MessageCreateData data = DiscordReplySink.message(reply);
        assertEquals("The GPU ran out of memory at 1024x1536; try a smaller size.", data.getContent());
        assertTrue(data.getFiles().isEmpty());
    }

    @Test
    void thePlaceholder_saysWhereTheJobIs() {
        assertEquals("Queued at position 3…", ProgressMessages.queued(3, false, List.of()));
        assertEquals("Planned; waiting for a GPU, position 2…", ProgressMessages.queued(2, true, List.of()));
        assertEquals("Working on it…\nbig.png is larger than 10 MiB, so I left it out.",
                ProgressMessages.queued(1, false, List.of("big.png is larger than 10 MiB, so I left it out.")));
    }
}
