package dev.chatgen.adapter.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatgen.adapter.slack.fake.FakeSlack;
import dev.chatgen.adapter.slack.fake.PostedMessage;
import dev.chatgen.adapter.slack.fake.SlackCall;
import dev.chatgen.adapter.slack.fake.SlackFile;
import dev.chatgen.adapter.slack.fake.SlackPayloads;
import dev.chatgen.adapter.slack.fake.SlackSigning;
import dev.chatgen.config.SlackConfig;
import dev.chatgen.config.SlackMode;
import dev.chatgen.render.png.A1111Infotext;
import dev.chatgen.render.png.PngChunks;
import dev.chatgen.testing.BotPipeline;
import dev.chatgen.render.png.PngFixtures;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Slack adapter end to end in HTTP mode: Bolt behind the bot's /slack/events endpoint, fed
 * signed requests as Slack sends them, talking to a fake Slack Web API on loopback through the
 * real SDK; the real engine, queue and recipe card behind it.
 */
class SlackEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String CHANNEL = "C0GENERAL";

    @TempDir
    Path dir;

    private FakeSlack slack;
    private BotPipeline pipeline;
    private SlackBot bot;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        slack = new FakeSlack();
        slack.addUser("UANN", "ann", false, false).addUser("UBOB", "bob", false, false).addUser("UADA", "ada", true, false)
                .addChannel(CHANNEL, "general", true);
        pipeline = new BotPipeline(dir);
        bot = SlackBot.start(new SlackBot.Tokens(FakeSlack.BOT_TOKEN, Optional.empty(), Optional.of(SECRET)),
                new SlackConfig(SlackMode.HTTP, 0, URI.create(slack.apiBase()), 1 << 20), pipeline.chat(), pipeline.progress(), pipeline.moderation(), Clock.systemUTC());
        pipeline.dispatchTo(bot.replies());
    }

    @AfterEach
    void stop() throws Exception {
        bot.close();
        pipeline.close();
        slack.close();
    }

    private HttpResponse<String> post(String body, String contentType, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.httpPort().orElseThrow() + "/slack/events"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> signed(String body, String contentType) throws Exception {
        return SlackSigning.post(bot.httpPort().orElseThrow(), SECRET, body, contentType);
    }

    private HttpResponse<String> event(JsonNode event) throws Exception {
        return signed(SlackPayloads.eventCallback(event).toString(), "application/json");
    }

    private HttpResponse<String> command(ObjectNode command) throws Exception {
        return signed(SlackPayloads.formBody(command), "application/x-www-form-urlencoded");
    }

    private HttpResponse<String> click(ObjectNode blockActions) throws Exception {
        return signed(SlackPayloads.interactiveFormBody(blockActions), "application/x-www-form-urlencoded");
    }

    /** The bot's summary message (the one with blocks) in the thread, once posted. */
    private PostedMessage awaitPicture(String thread, int nth) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < until) {
            List<PostedMessage> summaries = slack.thread(CHANNEL, thread).stream().filter(m -> m.fromBot() && m.blocks() != null).toList();
            if (summaries.size() >= nth) {
                return summaries.get(nth - 1);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no picture " + nth + " in thread " + thread + ": " + slack.thread(CHANNEL, thread));
    }

    private static long jobOf(PostedMessage summary) {
        for (JsonNode b : summary.blocks()) {
            if (b.path("type").asText().equals("actions")) {
                return Long.parseLong(b.path("block_id").asText().substring("chatgen-job-".length()));
            }
        }
        throw new AssertionError("no actions block in " + summary);
    }

    @Test
    void aMention_isAnsweredInItsThread_withThePictureUploaded_theSummaryBlocks_andThePlaceholderGone() throws Exception {
        String ts = slack.postedAsUser("UANN", CHANNEL, "<@" + FakeSlack.BOT_USER_ID + "> a watercolor lighthouse at dusk", null);
        HttpResponse<String> ack = event(slack.appMentionEvent(CHANNEL, ts));
        assertEquals(200, ack.statusCode(), ack.body());

        PostedMessage summary = awaitPicture(ts, 1);
        List<PostedMessage> thread = slack.thread(CHANNEL, ts);
        PostedMessage image = thread.stream().filter(m -> m.fromBot() && !m.files().isEmpty()).findFirst().orElseThrow(() -> new AssertionError(thread));
        SlackFile png = image.files().get(0);
        assertEquals("chatgen-job-" + jobOf(summary) + ".png", png.name());
        A1111Infotext info = A1111Infotext.parse(PngChunks.readText(png.bytes()).get("parameters"));
        String blocks = summary.blocks().toString();
        assertTrue(blocks.contains(SlackText.escape(info.prompt().substring(0, 20))), blocks);
        assertTrue(blocks.contains("Show steps") && blocks.contains("Reroll") && blocks.contains("Delete"), blocks);
        assertTrue(summary.ts().compareTo(image.ts()) > 0, "the summary comes under the picture");
        // The placeholder was posted in the thread and is gone now: the thread is the request, the picture, the summary.
        slack.awaitCall("chat.delete", WAIT);
        assertEquals(3, slack.thread(CHANNEL, ts).size(), slack.thread(CHANNEL, ts).toString());
        assertTrue(slack.calls().stream().anyMatch(c -> c.method().equals("chat.postMessage") && ts.equals(c.param("thread_ts"))
                && c.param("text").startsWith("Working on it") || c.param("text") != null && c.param("text").startsWith("Queued at")));
    }

    @Test
    void theAckComesBack_whileTheWorkIsStillWaitingOnSlack() throws Exception {
        slack.holdNext("chat.postMessage");
        String ts = slack.postedAsUser("UANN", CHANNEL, "<@" + FakeSlack.BOT_USER_ID + "> a red fox in the snow", null);
        CompletableFuture<HttpResponse<String>> ack = CompletableFuture.supplyAsync(() -> {
            try {
                return event(slack.appMentionEvent(CHANNEL, ts));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // The placeholder's chat.postMessage is held inside the fake; if handling ran on the request, no ack could come now.
        long until = System.nanoTime() + WAIT.toNanos();
        while (!slack.isHolding("chat.postMessage") && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertTrue(slack.isHolding("chat.postMessage"), "the work reached Slack");
        // Within the Slack client's 10 s read timeout: handling on the request thread would still be stuck in the hold.
        assertEquals(200, ack.get(8, TimeUnit.SECONDS).statusCode());
        assertTrue(slack.isHolding("chat.postMessage"), "the work was still waiting when the ack came");
        slack.release("chat.postMessage");
        awaitPicture(ts, 1);
    }

    @Test
    void anyMessageInTheThread_refinesThePicture_evenFromSomeoneElse_becauseTheThreadIsTheConversation() throws Exception {
        String root = slack.postedAsUser("UANN", CHANNEL, "<@" + FakeSlack.BOT_USER_ID + "> a cozy cabin in the snow, like a real photo", null);
        event(slack.appMentionEvent(CHANNEL, root));
        long first = jobOf(awaitPicture(root, 1));

        String followUp = slack.postedAsUser("UBOB", CHANNEL, "now at night", root);
        assertEquals(200, event(slack.messageEvent(CHANNEL, followUp)).statusCode());
        long second = jobOf(awaitPicture(root, 2));

        assertNotEquals(first, second);
        String request = pipeline.db().inTransaction("trace", c -> {
            try (ResultSet r = c.createStatement().executeQuery("SELECT trace_json FROM step_trace WHERE job_id = " + second)) {
                r.next();
                return r.getString(1);
            }
        });
        assertTrue(request.contains("cozy cabin") && request.contains("now at night"), request);
        // A message in a thread the bot was never asked in is not a request.
        String other = slack.postedAsUser("UBOB", CHANNEL, "lunch?", null);
        String reply = slack.postedAsUser("UANN", CHANNEL, "sure, at noon", other);
        int before = slack.callCount();
        assertEquals(200, event(slack.messageEvent(CHANNEL, reply)).statusCode());
        Thread.sleep(300);
        assertTrue(slack.calls().subList(before, slack.callCount()).stream().noneMatch(c -> c.method().equals("chat.postMessage")));
    }

    @Test
    void aDirectMessage_isARequest_answeredAtTheTopOfTheConversation() throws Exception {
        String dm = FakeSlack.dmChannel("UANN");
        String ts = slack.postedAsUser("UANN", dm, "a lighthouse at dusk, oil painting", null);
        assertEquals(200, event(slack.messageEvent(dm, ts)).statusCode());

        long until = System.nanoTime() + WAIT.toNanos();
        while (slack.messages(dm).stream().noneMatch(m -> m.fromBot() && m.blocks() != null) && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        PostedMessage summary = slack.messages(dm).stream().filter(m -> m.fromBot() && m.blocks() != null).findFirst()
                .orElseThrow(() -> new AssertionError(slack.messages(dm)));
        assertFalse(summary.isReply(), "a DM is answered in the conversation, not in a thread");
        assertTrue(slack.messages(dm).stream().anyMatch(m -> m.fromBot() && !m.files().isEmpty() && !m.isReply()));
    }

    @Test
    void imagine_opensAThreadForThePicture_andTheImageLandsInIt() throws Exception {
        HttpResponse<String> ack = command(slack.slashCommand("UANN", CHANNEL, "/imagine", "a cute cartoon fox with big eyes"));
        assertEquals(200, ack.statusCode(), ack.body());

        SlackCall root = slack.awaitCall("chat.postMessage", c -> c.param("thread_ts") == null, WAIT);
        assertTrue(root.param("text").startsWith("<@UANN> asked for: a cute cartoon fox"), root.param("text"));
        String thread = root.response().path("ts").asText();
        PostedMessage summary = awaitPicture(thread, 1);
        assertEquals(thread, summary.threadTs());
        assertTrue(slack.thread(CHANNEL, thread).stream().anyMatch(m -> !m.files().isEmpty()), "the image is in the thread");
    }

    @Test
    void imagine_withoutWords_orWhereTheBotCannotPost_isAnsweredPrivatelyWithWhatToDo() throws Exception {
        HttpResponse<String> empty = command(slack.slashCommand("UANN", CHANNEL, "/imagine", ""));
        assertTrue(empty.body().contains("Tell me what to draw"), empty.body());

        slack.addChannel("C0PRIVATE", "secret", false);
        ObjectNode cmd = slack.slashCommand("UANN", "C0PRIVATE", "/imagine", "a red fox");
        command(cmd);
        FakeSlack.ResponseUrlPost answer = slack.awaitResponseUrlPost(cmd.path("response_url").asText(), WAIT);
        assertTrue(answer.json().path("text").asText().contains("/invite @" + FakeSlack.BOT_NAME), answer.body());
        assertEquals("ephemeral", answer.json().path("response_type").asText());
    }

    @Test
    void showSteps_updatesTheMessageInPlace_withTheThreeStages_andHideFoldsItAgain() throws Exception {
        String ts = slack.postedAsUser("UANN", CHANNEL, "<@" + FakeSlack.BOT_USER_ID + "> a cute cartoon fox with big eyes, pastel colors", null);
        event(slack.appMentionEvent(CHANNEL, ts));
        PostedMessage summary = awaitPicture(ts, 1);

        assertEquals(200, click(slack.blockActions("UBOB", CHANNEL, summary.ts(), "chatgen:steps")).statusCode());
        SlackCall update = slack.awaitCall("chat.update", c -> summary.ts().equals(c.param("ts")) && c.param("blocks") != null, WAIT);
        assertTrue(update.ok(), update.toString());
        String expanded = slack.message(CHANNEL, summary.ts()).blocks().toString();
        assertTrue(expanded.contains("1 · Prompt") && expanded.contains("2 · Model") && expanded.contains("3 · Arguments"), expanded);
        assertTrue(expanded.contains("```"), "prompts in code blocks: " + expanded);
        assertTrue(expanded.contains("Hide steps"), expanded);

        int mark = slack.callCount();
        click(slack.blockActions("UBOB", CHANNEL, summary.ts(), "chatgen:hide"));
        slack.awaitCall(mark, "chat.update", c -> summary.ts().equals(c.param("ts")), WAIT);
        String folded = slack.message(CHANNEL, summary.ts()).blocks().toString();
        assertFalse(folded.contains("1 · Prompt"), folded);
        assertTrue(folded.contains("Show steps"), folded);
    }

    @Test
    void stepsTooLongForSlack_areCutInTheMessage_andComeWholeAsATextFileInTheThread() throws Exception {
        String words = "a castle on a hill, " + "with tall towers and red banners and a deep moat and a drawbridge, ".repeat(50);
        String ts = slack.postedAsUser("UANN", CHANNEL, "<@" + FakeSlack.BOT_USER_ID + "> " + words, null);
        event(slack.appMentionEvent(CHANNEL, ts));
        PostedMessage summary = awaitPicture(ts, 1);

        click(slack.blockActions("UANN", CHANNEL, summary.ts(), "chatgen:steps"));
        SlackCall shared = slack.awaitCall("files.completeUploadExternal", c -> c.param("files").contains("Steps of job"), WAIT);
        assertTrue(shared.ok(), shared.toString());
        String expanded = slack.message(CHANNEL, summary.ts()).blocks().toString();
        assertTrue(expanded.contains("Shortened to fit Slack"), expanded);
        SlackFile trace = slack.thread(CHANNEL, ts).stream().flatMap(m -> m.files().stream())
                .filter(f -> f.name().equals("steps-" + jobOf(summary) + ".txt")).findFirst().orElseThrow();
        assertTrue(trace.text().contains("1. Prompt") && trace.text().contains("3. Arguments"), trace.text());
    }

    @Test
    void reroll_asksAgainInTheThread_andDelete_isForTheRequesterOrAnAdmin() throws Exception {
        String ts = slack.postedAsUser("UANN", CHANNEL, "<@" + FakeSlack.BOT_USER_ID + "> a paper boat on a pond", null);
        event(slack.appMentionEvent(CHANNEL, ts));
        PostedMessage first = awaitPicture(ts, 1);

        click(slack.blockActions("UBOB", CHANNEL, first.ts(), "chatgen:reroll"));
        PostedMessage again = awaitPicture(ts, 2);
        assertNotEquals(jobOf(first), jobOf(again));

        ObjectNode refused = slack.blockActions("UBOB", CHANNEL, first.ts(), "chatgen:delete");
        click(refused);
        FakeSlack.ResponseUrlPost no = slack.awaitResponseUrlPost(refused.path("response_url").asText(), WAIT);
        assertTrue(no.json().path("text").asText().startsWith("Only the person who asked"), no.body());
        assertNotNull(slack.message(CHANNEL, first.ts()));

        String fileId = slack.thread(CHANNEL, ts).stream().filter(m -> !m.files().isEmpty()).findFirst().orElseThrow().files().get(0).id();
        click(slack.blockActions("UANN", CHANNEL, first.ts(), "chatgen:delete"));
        slack.awaitCall("files.delete", WAIT);
        assertNull(slack.message(CHANNEL, first.ts()), "the summary is gone");
        assertTrue(slack.calls().stream().anyMatch(c -> c.method().equals("files.delete") && fileId.equals(c.param("file"))));

        click(slack.blockActions("UADA", CHANNEL, again.ts(), "chatgen:delete"));
        slack.awaitCall("chat.delete", c -> again.ts().equals(c.param("ts")), WAIT);
    }

    @Test
    void aSharedPicture_isDownloadedWithTheBotToken_andStoredWithTheTurn() throws Exception {
        SlackFile photo = slack.addPrivateFile("UANN", "cat.png", "image/png", PngFixtures.pngWithTextChunks(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB)));
        SlackFile notes = slack.addPrivateFile("UANN", "notes.txt", "text/plain", "hello".getBytes());
        String ts = slack.postedAsUser("UANN", CHANNEL, "<@" + FakeSlack.BOT_USER_ID + "> make this a watercolor", null, List.of(photo, notes));
        event(slack.appMentionEvent(CHANNEL, ts));
        awaitPicture(ts, 1);

        int stored = pipeline.db().inTransaction("attachments", c -> {
            try (ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM attachment WHERE file_name = 'cat.png'")) {
                r.next();
                return r.getInt(1);
            }
        });
        assertEquals(1, stored);
        assertTrue(slack.calls().stream().anyMatch(c -> c.method().equals("chat.postMessage") && c.param("text") != null
                && c.param("text").contains("notes.txt is not a picture")), "the placeholder says what was left out");
    }

    @Test
    void editsAndDeletions_followTheStoredTurn() throws Exception {
        String ts = slack.postedAsUser("UANN", CHANNEL, "<@" + FakeSlack.BOT_USER_ID + "> a red fox", null);
        event(slack.appMentionEvent(CHANNEL, ts));
        awaitPicture(ts, 1);

        event(slack.editedAsUser(CHANNEL, ts, "<@" + FakeSlack.BOT_USER_ID + "> a silver fox"));
        assertEquals("a silver fox", awaitBody(CHANNEL + ":" + ts, "a silver fox"));
        event(slack.deletedAsUser(CHANNEL, ts));
        assertEquals("", awaitBody(CHANNEL + ":" + ts, ""));
    }

    private String awaitBody(String messageId, String expected) throws InterruptedException {
        String body = null;
        for (int i = 0; i < 500 && !expected.equals(body); i++) {
            body = pipeline.db().inTransaction("turn", c -> {
                try (var s = c.prepareStatement("SELECT body FROM turn WHERE platform = 'slack' AND platform_message_id = ?")) {
                    s.setString(1, messageId);
                    try (ResultSet r = s.executeQuery()) {
                        return r.next() ? r.getString(1) : null;
                    }
                }
            });
            Thread.sleep(20);
        }
        return body;
    }

    @Test
    void aBadSignature_orAStaleTimestamp_isRefused_andNothingHappens() throws Exception {
        String ts = slack.postedAsUser("UANN", CHANNEL, "<@" + FakeSlack.BOT_USER_ID + "> a red fox", null);
        String body = SlackPayloads.eventCallback(slack.appMentionEvent(CHANNEL, ts)).toString();
        String now = Long.toString(System.currentTimeMillis() / 1000);
        HttpResponse<String> forged = post(body, "application/json", Map.of(SlackSigning.TIMESTAMP_HEADER, now,
                SlackSigning.SIGNATURE_HEADER, SlackSigning.sign("not-the-secret", now, body)));
        String old = Long.toString(System.currentTimeMillis() / 1000 - 3600);
        HttpResponse<String> replayed = post(body, "application/json", Map.of(SlackSigning.TIMESTAMP_HEADER, old,
                SlackSigning.SIGNATURE_HEADER, SlackSigning.sign(SECRET, old, body)));
        HttpResponse<String> unsigned = post(body, "application/json", Map.of());

        assertEquals(401, forged.statusCode());
        assertEquals(401, replayed.statusCode());
        assertEquals(401, unsigned.statusCode());
        Thread.sleep(300);
        assertTrue(slack.calls().stream().noneMatch(c -> c.method().equals("chat.postMessage")), slack.calls().toString());
    }

    @Test
    void aBotTokenSlackRejects_stopsStartUp_sayingWhatToCheck() {
        SlackStartException e = assertThrows(SlackStartException.class, () -> SlackBot.start(
                new SlackBot.Tokens("xoxb-wrong", Optional.empty(), Optional.of(SECRET)),
                new SlackConfig(SlackMode.HTTP, 0, URI.create(slack.apiBase()), 1 << 20), pipeline.chat(), pipeline.progress(), pipeline.moderation(), Clock.systemUTC()));
        assertTrue(e.getMessage().startsWith("Slack rejected SLACK_BOT_TOKEN (invalid_auth)"), e.getMessage());
        SlackStartException noAppToken = assertThrows(SlackStartException.class, () -> SlackBot.start(
                new SlackBot.Tokens(FakeSlack.BOT_TOKEN, Optional.empty(), Optional.empty()),
                new SlackConfig(SlackMode.SOCKET, 0, URI.create(slack.apiBase()), 1 << 20), pipeline.chat(), pipeline.progress(), pipeline.moderation(), Clock.systemUTC()));
        assertTrue(noAppToken.getMessage().contains("SLACK_APP_TOKEN is not set"), noAppToken.getMessage());
    }
}
