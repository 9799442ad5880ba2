package dev.chatgen.adapter.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatgen.adapter.discord.fake.FakeDiscord;
import dev.chatgen.adapter.discord.fake.RestCall;
import dev.chatgen.config.DiscordConfig;
import dev.chatgen.queue.ProgressWatcher;
import dev.chatgen.render.png.A1111Infotext;
import dev.chatgen.render.png.PngChunks;
import dev.chatgen.store.Database;
import dev.chatgen.testing.BotPipeline;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Discord adapter end to end: real JDA logged in to a fake Discord on loopback, the real
 * engine, queue and recipe card behind it.
 */
class DiscordEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private FakeDiscord discord;
    private BotPipeline pipeline;
    private Database db;
    private ProgressWatcher progress;
    private DiscordBot bot;

    @BeforeEach
    void start() throws Exception {
        discord = new FakeDiscord();
        pipeline = new BotPipeline(dir);
        db = pipeline.db();
        progress = pipeline.progress();
        bot = DiscordBot.start(discord.botToken, new DiscordConfig(URI.create(discord.restBase()), discord.gatewayUrl(), true,
                java.util.Set.of(discord.channelId), 1, 10 << 20), pipeline.chat(), progress, pipeline.moderation(), Clock.systemUTC());
        pipeline.dispatchTo(bot.replies());
    }

    @AfterEach
    void stop() throws Exception {
        bot.close();
        pipeline.close();
        discord.close();
    }

    @Test
    void imagine_isDeferred_thenAnsweredWithThePicture_itsEmbed_andTheButtons() throws Exception {
        discord.awaitCall(0, "PUT", "/applications/*/commands", WAIT); // registered in the background at start-up
        assertTrue(discord.commands().stream().anyMatch(c -> c.path("name").asText().equals("imagine")), "/imagine is registered");
        int mark = discord.callCount();
        ObjectNode interaction = discord.sendInteraction(discord.imagine("a watercolor lighthouse at dusk"));
        String token = interaction.get("token").asText();

        RestCall deferred = discord.awaitCall(mark, "POST", "/interactions/*/" + token + "/callback", WAIT);
        assertEquals(5, deferred.json().path("type").asInt());
        RestCall result = discord.awaitCall(mark, c -> c.is("PATCH", "/webhooks/*/" + token + "/messages/@original")
                && !c.files().isEmpty(), WAIT);

        RestCall.FilePart png = result.files().get(0);
        assertTrue(png.filename().matches("chatgen-\\d+\\.png"), png.filename());
        A1111Infotext info = A1111Infotext.parse(PngChunks.readText(png.bytes()).get("parameters"));
        JsonNode embed = result.json().path("embeds").get(0);
        assertTrue(embed.path("description").asText().startsWith(info.prompt().substring(0, 20)), embed.toString());
        assertTrue(embed.path("footer").path("text").asText().matches("job \\d+ · chatgen"), embed.toString());
        assertTrue(result.json().path("components").toString().contains("chatgen:steps:"), result.json().toString());
    }

    @Test
    void showSteps_editsTheSameMessage_toShowAllThreeStages_andHideFoldsItAgain() throws Exception {
        int mark = discord.callCount();
        ObjectNode interaction = discord.sendInteraction(discord.imagine("a cute cartoon fox with big eyes"));
        String token = interaction.get("token").asText();
        RestCall result = discord.awaitCall(mark, c -> c.is("PATCH", "/webhooks/*/" + token + "/messages/@original")
                && !c.files().isEmpty(), WAIT);
        long job = jobOf(result);

        int clicked = discord.callCount();
        ObjectNode click = discord.sendInteraction(discord.buttonClick("chatgen:steps:" + job, discord.originalMessageId(token)));
        String clickToken = click.get("token").asText();
        assertEquals(6, discord.awaitCall(clicked, "POST", "/interactions/*/" + clickToken + "/callback", WAIT).json().path("type").asInt());
        RestCall expanded = discord.awaitCall(clicked, "PATCH", "/webhooks/*/" + clickToken + "/messages/@original", WAIT);
        List<String> fields = new ArrayList<>();
        expanded.json().path("embeds").get(0).path("fields").forEach(f -> fields.add(f.path("name").asText()));
        assertTrue(fields.get(0).startsWith("1 · Prompt"), fields.toString());
        assertTrue(fields.stream().anyMatch(f -> f.startsWith("2 · Model")), fields.toString());
        assertTrue(fields.stream().anyMatch(f -> f.startsWith("3 · Arguments")), fields.toString());
        assertTrue(expanded.json().path("components").toString().contains("chatgen:hide:" + job));

        int hid = discord.callCount();
        ObjectNode hide = discord.sendInteraction(discord.buttonClick("chatgen:hide:" + job, discord.originalMessageId(token)));
        RestCall folded = discord.awaitCall(hid, "PATCH", "/webhooks/*/" + hide.get("token").asText() + "/messages/@original", WAIT);
        assertEquals("Settings", folded.json().path("embeds").get(0).path("fields").get(0).path("name").asText());
    }

    @Test
    void edit_opensAModal_whoseAnswerRefinesThatPicture() throws Exception {
        int mark = discord.callCount();
        ObjectNode interaction = discord.sendInteraction(discord.imagine("a watercolor lighthouse at dusk"));
        String token = interaction.get("token").asText();
        RestCall result = discord.awaitCall(mark, c -> c.is("PATCH", "/webhooks/*/" + token + "/messages/@original")
                && !c.files().isEmpty(), WAIT);
        long job = jobOf(result);
        String picture = discord.originalMessageId(token);

        int clicked = discord.callCount();
        ObjectNode click = discord.sendInteraction(discord.buttonClick("chatgen:edit:" + job, picture));
        RestCall modal = discord.awaitCall(clicked, "POST", "/interactions/*/" + click.get("token").asText() + "/callback", WAIT);
        assertEquals(9, modal.json().path("type").asInt());
        String modalId = modal.json().path("data").path("custom_id").asText();
        assertEquals(ReplyMessages.editModalId(job, picture), modalId);

        int submitted = discord.callCount();
        ObjectNode submit = discord.sendInteraction(discord.modalSubmit(modalId, java.util.Map.of("request", "now at night")));
        String submitToken = submit.get("token").asText();
        RestCall refined = discord.awaitCall(submitted, c -> c.is("PATCH", "/webhooks/*/" + submitToken + "/messages/@original")
                && !c.files().isEmpty(), WAIT);
        long refinedJob = jobOf(refined);
        String request = traceRequest(refinedJob);
        assertEquals("a watercolor lighthouse at dusk. now at night", request);
    }

    @Test
    void inACaptureChannel_plainMessagesBecomeContext_forTheNextRequest() throws Exception {
        ObjectNode chatter = discord.mentionMessage("x");
        chatter.put("content", "it should be a log cabin with a red door");
        chatter.putArray("mentions");
        discord.dispatch("MESSAGE_CREATE", chatter);
        waitForTurn(chatter.path("id").asText(), "it should be a log cabin with a red door");

        int mark = discord.callCount();
        discord.dispatch("MESSAGE_CREATE", discord.mentionMessage("a cozy cabin in the snow, like a real photo"));
        RestCall posted = discord.awaitCall(mark, c -> c.is("POST", "/channels/*/messages") && !c.files().isEmpty(), WAIT);
        long job = jobOf(posted);
        String request = traceRequest(job);
        assertTrue(request.startsWith("it should be a log cabin with a red door. "), request);
    }

    @Test
    void aReplyToThePicture_refinesIt_andRerollAndDeleteWork() throws Exception {
        int mark = discord.callCount();
        discord.dispatch("MESSAGE_CREATE", discord.mentionMessage("a watercolor lighthouse at dusk"));
        RestCall posted = discord.awaitCall(mark, c -> c.is("POST", "/channels/*/messages") && !c.files().isEmpty(), WAIT);
        long job = jobOf(posted);
        String pictureId = lastPostedMessageId(posted);
        waitForPostRecorded(pictureId);

        // A reply to the picture (no mention needed) continues its conversation.
        ObjectNode reply = discord.mentionMessage("x");
        reply.put("content", "now at night");
        reply.putArray("mentions");
        reply.putObject("message_reference").put("message_id", pictureId).put("channel_id", discord.channelId)
                .put("guild_id", discord.guildId).put("type", 0);
        reply.set("referenced_message", discord.message(pictureId));
        int replied = discord.callCount();
        discord.dispatch("MESSAGE_CREATE", reply);
        RestCall refined = discord.awaitCall(replied, c -> c.is("POST", "/channels/*/messages") && !c.files().isEmpty(), WAIT);
        long refinedJob = jobOf(refined);
        assertEquals("a watercolor lighthouse at dusk. now at night", traceRequest(refinedJob));

        int rerolled = discord.callCount();
        ObjectNode reroll = discord.sendInteraction(discord.buttonClick("chatgen:reroll:" + job, pictureId));
        String rerollToken = reroll.get("token").asText();
        RestCall again = discord.awaitCall(rerolled, c -> c.is("PATCH", "/webhooks/*/" + rerollToken + "/messages/@original")
                && !c.files().isEmpty(), WAIT);
        long rerollJob = jobOf(again);
        assertTrue(rerollJob != job, "a new job, so a new seed");

        int deleted = discord.callCount();
        discord.sendInteraction(discord.buttonClick("chatgen:delete:" + job, pictureId));
        assertEquals(6, discord.awaitCall(deleted, c -> c.method().equals("POST") && c.path().startsWith("/interactions/"), WAIT)
                .json().path("type").asInt());
        discord.awaitCall(deleted, c -> c.method().equals("DELETE") && c.path().endsWith("/messages/" + pictureId), WAIT);
    }

    /** The outbox records the post's id right after Discord answers; a person's reply comes later than that. */
    private void waitForPostRecorded(String messageId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            int n = db.inTransaction("find post", c -> {
                try (var q = c.prepareStatement("SELECT COUNT(*) FROM outbox WHERE platform_message_id = ?")) {
                    q.setString(1, messageId);
                    try (var r = q.executeQuery()) {
                        r.next();
                        return r.getInt(1);
                    }
                }
            });
            if (n > 0) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("post " + messageId + " never recorded");
    }

    /** The job a posted picture belongs to, from its embed's footer ("job 12 · chatgen"). */
    private static long jobOf(RestCall posted) {
        return Long.parseLong(posted.json().path("embeds").get(0).path("footer").path("text").asText().split(" ")[1]);
    }

    private static String lastPostedMessageId(RestCall posted) {
        return posted.response().path("id").asText();
    }

    private String traceRequest(long job) {
        return db.inTransaction("read trace", c -> {
            try (var r = c.createStatement().executeQuery("SELECT trace_json FROM step_trace WHERE job_id = " + job)) {
                r.next();
                return FakeDiscord.JSON.readTree(r.getString(1)).path("request").asText();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aDirectMessage_isARequest_answeredInTheDm() throws Exception {
        ObjectNode dm = discord.mentionMessage("x");
        String dmChannel = discord.snowflake();
        dm.put("channel_id", dmChannel);
        dm.remove("guild_id");
        dm.remove("member");
        dm.putArray("mentions");
        dm.put("content", "a cozy cabin in the snow");
        int mark = discord.callCount();
        discord.dispatch("MESSAGE_CREATE", dm);

        RestCall posted = discord.awaitCall(mark, c -> c.is("POST", "/channels/" + dmChannel + "/messages") && !c.files().isEmpty(), WAIT);
        assertTrue(posted.files().get(0).filename().endsWith(".png"));
    }

    @Test
    void aTokenDiscordRejects_stopsStartUpAtOnce_sayingWhatToCheck() throws Exception {
        try (FakeDiscord strict = new FakeDiscord()) {
            strict.acceptedToken = "the-real-token";
            long started = System.nanoTime();
            DiscordLoginException e = org.junit.jupiter.api.Assertions.assertThrows(DiscordLoginException.class,
                    () -> DiscordBot.start("a-wrong-token", new DiscordConfig(URI.create(strict.restBase()), strict.gatewayUrl(), false,
                            java.util.Set.of(), 1, 10 << 20), null, progress, pipeline.moderation(), Clock.systemUTC()));
            assertTrue(e.getMessage().startsWith("Discord rejected DISCORD_TOKEN"), e.getMessage());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(20)) < 0, "no retrying forever");
        }
    }

    @Test
    void aMention_getsAPlaceholder_thenThePictureAsAReply() throws Exception {
        int mark = discord.callCount();
        ObjectNode message = discord.mentionMessage("a red fox in the snow, like a real photo");
        discord.dispatch("MESSAGE_CREATE", message);

        RestCall placeholder = discord.awaitCall(mark, c -> c.is("POST", "/channels/*/messages") && c.files().isEmpty(), WAIT);
        assertTrue(placeholder.json().path("content").asText().startsWith("Working on it"), placeholder.json().toString());
        RestCall posted = discord.awaitCall(mark, c -> c.is("POST", "/channels/*/messages") && !c.files().isEmpty(), WAIT);
        assertEquals(message.path("id").asText(), posted.json().path("message_reference").path("message_id").asText());
        assertTrue(posted.files().get(0).filename().endsWith(".png"));
    }

    @Test
    void anEditedMessage_updatesItsTurn_andADeletedOne_removesIt() throws Exception {
        int mark = discord.callCount();
        ObjectNode message = discord.mentionMessage("a red fox in the snow");
        discord.dispatch("MESSAGE_CREATE", message);
        discord.awaitCall(mark, c -> c.is("POST", "/channels/*/messages") && !c.files().isEmpty(), WAIT);

        ObjectNode edited = message.deepCopy();
        edited.put("content", "<@" + discord.botId + "> a red fox in the snow at night");
        edited.put("edited_timestamp", java.time.OffsetDateTime.now().toString());
        discord.dispatch("MESSAGE_UPDATE", edited);
        String id = message.path("id").asText();
        waitForTurn(id, "a red fox in the snow at night");

        ObjectNode gone = FakeDiscord.JSON.createObjectNode();
        gone.put("id", id).put("channel_id", discord.channelId).put("guild_id", discord.guildId);
        discord.dispatch("MESSAGE_DELETE", gone);
        waitForTurn(id, "");
    }

    private void waitForTurn(String messageId, String body) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String seen = null;
        while (System.nanoTime() < deadline) {
            seen = db.inTransaction("read turn", c -> {
                try (var q = c.prepareStatement("SELECT body FROM turn WHERE platform = 'discord' AND platform_message_id = ?")) {
                    q.setString(1, messageId);
                    try (var r = q.executeQuery()) {
                        return r.next() ? r.getString(1) : null;
                    }
                }
            });
            if (body.equals(seen)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("turn of message " + messageId + " is \"" + seen + "\", expected \"" + body + "\"");
    }
}
