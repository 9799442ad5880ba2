package dev.chatgen.adapter.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.slack.api.Slack;
import dev.chatgen.adapter.slack.fake.FakeSlack;
import dev.chatgen.adapter.slack.fake.PostedMessage;
import dev.chatgen.engine.PlanRequest;
import dev.chatgen.engine.PlanResult;
import dev.chatgen.queue.Outbox;
import dev.chatgen.queue.Reply;
import dev.chatgen.queue.ReplySink;
import dev.chatgen.render.png.PngFixtures;
import dev.chatgen.testing.SharedEngine;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Posting a finished job into its thread, once, however often the outbox tries. */
class SlackReplySinkTest {
    private static final String CHANNEL = "C0GENERAL";

    @TempDir
    Path dir;

    private FakeSlack slack;
    private SlackReplySink sink;
    private Placeholders placeholders;
    private String thread;

    @BeforeEach
    void start() throws Exception {
        slack = new FakeSlack();
        slack.addUser("UANN", "ann", false, false).addChannel(CHANNEL, "general", true);
        placeholders = new Placeholders();
        com.slack.api.SlackConfig config = slack.slackConfig();
        config.setStatsEnabled(false);
        sink = new SlackReplySink(Slack.getInstance(config).methods(FakeSlack.BOT_TOKEN), placeholders);
        thread = slack.postedAsUser("UANN", CHANNEL, "<@UBOT> a red fox", null);
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    private Reply done(long job, int attempt) throws Exception {
        PlanResult.Planned p = (PlanResult.Planned) SharedEngine.engine().plan(PlanRequest.of("a red fox in the snow"));
        Path png = Files.write(dir.resolve(job + ".png"), PngFixtures.pngWithTextChunks(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB)));
        return new Reply(1, job, new SlackTarget(CHANNEL, thread).encode(), "slack:UANN", true, Optional.empty(), Optional.of(png),
                Optional.of(new Outbox.Steps(p.plan(), p.trace())), attempt, Optional.empty());
    }

    private List<PostedMessage> botMessages() {
        return slack.thread(CHANNEL, thread).stream().filter(PostedMessage::fromBot).toList();
    }

    @Test
    void aSecondTry_findsTheFirstPost_andPostsNothingAgain() throws Exception {
        String first = sink.deliver(done(7, 1));
        String again = sink.deliver(done(7, 2));

        assertEquals(first, again);
        assertEquals(2, botMessages().size(), "one picture, one summary: " + botMessages());
    }

    @Test
    void aTryThatDiedAfterTheUpload_isFinishedWithoutUploadingTwice() throws Exception {
        slack.failNext("chat.postMessage", "internal_error");
        ReplySink.DeliveryException e = assertThrows(ReplySink.DeliveryException.class, () -> sink.deliver(done(8, 1)));
        assertFalse(e.permanent());

        String posted = sink.deliver(done(8, 2));
        assertEquals(1, slack.calls().stream().filter(c -> c.method().equals("files.completeUploadExternal")).count());
        List<PostedMessage> bot = botMessages();
        assertEquals(2, bot.size(), bot.toString());
        String value = bot.get(1).blocks().toString();
        String fileId = bot.get(0).files().get(0).id();
        assertTrue(value.contains("8|" + fileId + "|UANN"), "Delete still knows the picture's file: " + value);
        assertEquals(CHANNEL + ":" + bot.get(1).ts(), posted);
    }

    @Test
    void theResultTakesThePlaceholdersPlace() throws Exception {
        String ts = Slack.getInstance(slack.slackConfig()).methods(FakeSlack.BOT_TOKEN)
                .chatPostMessage(r -> r.channel(CHANNEL).threadTs(thread).text("Working on it…")).getTs();
        placeholders.put(9, ts);

        sink.deliver(done(9, 1));
        assertTrue(slack.thread(CHANNEL, thread).stream().noneMatch(m -> m.ts().equals(ts)), "placeholder deleted");
    }

    @Test
    void aFailedJob_isToldInPlainWords_andAGoneChannel_isPermanent() throws Exception {
        Reply failed = new Reply(1, 10, new SlackTarget(CHANNEL, thread).encode(), "slack:UANN", false,
                Optional.of("Sorry, that picture failed: the GPU ran out of memory at 1024x1536; try a smaller size."),
                Optional.empty(), Optional.empty(), 1, Optional.empty());
        sink.deliver(failed);
        assertTrue(botMessages().get(0).text().startsWith("Sorry, that picture failed: the GPU ran out of memory"));

        Reply nowhere = new Reply(2, 11, new SlackTarget("C0GONE", "").encode(), "slack:UANN", false, Optional.of("x"),
                Optional.empty(), Optional.empty(), 1, Optional.empty());
        assertTrue(assertThrows(ReplySink.DeliveryException.class, () -> sink.deliver(nowhere)).permanent());
        slack.rateLimitNext("chat.postMessage", 1);
        assertFalse(assertThrows(ReplySink.DeliveryException.class, () -> sink.deliver(failed)).permanent(), "rate limited: later");
    }
}
