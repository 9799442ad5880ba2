package dev.chatgen.adapter.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgen.adapter.slack.fake.FakeSlack;
import dev.chatgen.adapter.slack.fake.PostedMessage;
import dev.chatgen.adapter.slack.fake.SlackPayloads;
import dev.chatgen.config.SlackConfig;
import dev.chatgen.config.SlackMode;
import dev.chatgen.testing.BotPipeline;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default mode: the bot dials out to Slack over a WebSocket (Bolt's Socket Mode), no public URL. */
class SlackSocketModeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CHANNEL = "C0GENERAL";

    @TempDir
    Path dir;

    private FakeSlack slack;
    private BotPipeline pipeline;
    private SlackBot bot;

    @BeforeEach
    void start() throws Exception {
        slack = new FakeSlack();
        slack.addUser("UANN", "ann", false, false).addChannel(CHANNEL, "general", true);
        pipeline = new BotPipeline(dir);
        bot = SlackBot.start(new SlackBot.Tokens(FakeSlack.BOT_TOKEN, Optional.of(FakeSlack.APP_TOKEN), Optional.empty()),
                new SlackConfig(SlackMode.SOCKET, 0, URI.create(slack.apiBase()), 1 << 20), pipeline.chat(), pipeline.progress(), pipeline.moderation(), Clock.systemUTC());
        pipeline.dispatchTo(bot.replies());
        slack.awaitSocketConnections(1, WAIT);
    }

    @AfterEach
    void stop() throws Exception {
        bot.close();
        pipeline.close();
        slack.close();
    }

    private PostedMessage awaitPicture(String thread) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < until) {
            List<PostedMessage> found = slack.thread(CHANNEL, thread).stream().filter(m -> m.fromBot() && m.blocks() != null).toList();
            if (!found.isEmpty()) {
                return found.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no picture in thread " + thread + ": " + slack.thread(CHANNEL, thread));
    }

    @Test
    void aMentionOverTheSocket_isAcked_andAnsweredInItsThread() throws Exception {
        String ts = slack.postedAsUser("UANN", CHANNEL, "<@" + FakeSlack.BOT_USER_ID + "> a watercolor lighthouse at dusk", null);
        String envelope = slack.socketEnvelope("events_api", SlackPayloads.eventCallback(slack.appMentionEvent(CHANNEL, ts)));

        JsonNode ack = slack.awaitAck(envelope, WAIT);
        assertEquals(envelope, ack.path("envelope_id").asText());
        assertTrue(awaitPicture(ts).blocks().toString().contains("Show steps"));
    }

    @Test
    void afterSlackAsksForAReconnect_theBotIsBack_andKeepsAnswering() throws Exception {
        slack.disconnectSocket();
        slack.awaitSocketConnections(1, WAIT);
        String ts = slack.postedAsUser("UANN", CHANNEL, "<@" + FakeSlack.BOT_USER_ID + "> a red fox in the snow", null);
        String envelope = slack.socketEnvelope("events_api", SlackPayloads.eventCallback(slack.appMentionEvent(CHANNEL, ts)));

        slack.awaitAck(envelope, WAIT);
        awaitPicture(ts);
        assertTrue(slack.calls().stream().filter(c -> c.method().equals("apps.connections.open")).count() >= 2, "a new connection was opened");
    }

    @Test
    void imagineOverTheSocket_isAckedInTheEnvelope_andOpensAThread() throws Exception {
        String envelope = slack.socketEnvelope("slash_commands", slack.slashCommand("UANN", CHANNEL, "/imagine", "a paper boat on a pond"));

        slack.awaitAck(envelope, WAIT);
        String root = slack.awaitCall("chat.postMessage", c -> c.param("thread_ts") == null, WAIT).response().path("ts").asText();
        awaitPicture(root);
    }
}
