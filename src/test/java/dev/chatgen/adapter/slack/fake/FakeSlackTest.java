package dev.chatgen.adapter.slack.fake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.Slack;
import com.slack.api.app_backend.SlackSignature;
import com.slack.api.app_backend.events.payload.AppMentionPayload;
import com.slack.api.app_backend.events.payload.MessageChangedPayload;
import com.slack.api.app_backend.events.payload.MessageDeletedPayload;
import com.slack.api.app_backend.events.payload.MessageFileSharePayload;
import com.slack.api.app_backend.events.payload.MessagePayload;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.SlashCommandPayloadParser;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.methods.response.conversations.ConversationsRepliesResponse;
import com.slack.api.methods.response.files.FilesUploadV2Response;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.model.Message;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.socket_mode.SocketModeClient;
import com.slack.api.socket_mode.request.EventsApiEnvelope;
import com.slack.api.util.json.GsonFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real Slack Java SDK (slack-api-client 1.51.0) against {@link FakeSlack}. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FakeSlackTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String ALICE = "U0ALICE";
    private static final String BOSS = "U0BOSS";
    private static final String GENERAL = "C0GENERAL";
    private static final String OUTSIDE = "C0OUTSIDE";

    private FakeSlack fake;
    private Slack slack;
    private MethodsClient methods;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeSlack()
                .addUser(ALICE, "alice", false, false)
                .addUser(BOSS, "boss", true, true)
                .addChannel(GENERAL, "general", true)
                .addChannel(OUTSIDE, "outside", false);
        slack = Slack.getInstance(fake.slackConfig());
        methods = slack.methods(FakeSlack.BOT_TOKEN);
    }

    @AfterEach
    void stop() throws Exception {
        slack.close();
        fake.close();
    }

    // ------------------------------------------------------------------ auth

    @Test
    void authTestAnswersTheBotAndRefusesAnUnknownToken() throws Exception {
        AuthTestResponse me = methods.authTest(r -> r);
        assertTrue(me.isOk(), me::toString);
        assertEquals(FakeSlack.BOT_USER_ID, me.getUserId());
        assertEquals(FakeSlack.BOT_ID, me.getBotId());
        assertEquals(FakeSlack.TEAM_ID, me.getTeamId());
        assertEquals("chatgen", me.getUser());
        assertEquals("https://fake.slack.com/", me.getUrl());

        AuthTestResponse wrong = slack.methods("xoxb-wrong").authTest(r -> r);
        assertFalse(wrong.isOk());
        assertEquals("invalid_auth", wrong.getError());
        SlackCall call = fake.awaitCall("auth.test", c -> "xoxb-wrong".equals(c.token()), WAIT);
        assertEquals("invalid_auth", call.error());

        assertEquals("not_allowed_token_type",
                slack.methods(FakeSlack.APP_TOKEN).chatPostMessage(r -> r.channel(GENERAL).text("hi")).getError());
        assertEquals("not_allowed_token_type", methods.appsConnectionsOpen(r -> r).getError());
        assertEquals("unknown_method", methods.pinsList(r -> r.channel(GENERAL)).getError());
        assertEquals(List.of("pins.list"), fake.unknownCalls().stream().map(SlackCall::method).toList());
    }

    // ------------------------------------------------------------------ messages and threads

    @Test
    void aReplyInAThreadShowsInConversationsReplies() throws Exception {
        String root = fake.postedAsUser(ALICE, GENERAL, "<@UBOT> draw a cat", null);
        ChatPostMessageResponse posted = methods.chatPostMessage(r -> r.channel(GENERAL).threadTs(root)
                .text("On it")
                .blocksAsString("[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*On it*\"}}]"));
        assertTrue(posted.isOk(), posted::toString);
        assertEquals(GENERAL, posted.getChannel());
        assertTrue(posted.getTs().compareTo(root) > 0, "ts strictly increasing");
        assertTrue(posted.getTs().matches("\\d{10}\\.\\d{6}"), posted.getTs());
        assertEquals(root, posted.getMessage().getThreadTs());

        SlackCall call = fake.awaitCall("chat.postMessage", WAIT);
        assertEquals(FakeSlack.BOT_TOKEN, call.token());
        assertEquals(root, call.param("thread_ts"));
        assertTrue(call.param("blocks").startsWith("["), "blocks arrive as a JSON string in a form field");

        ConversationsRepliesResponse thread = methods.conversationsReplies(r -> r.channel(GENERAL).ts(root));
        assertTrue(thread.isOk(), thread::toString);
        List<Message> ms = thread.getMessages();
        assertEquals(2, ms.size());
        assertEquals(root, ms.get(0).getTs());
        assertEquals(ALICE, ms.get(0).getUser());
        assertEquals(Integer.valueOf(1), ms.get(0).getReplyCount());
        assertEquals(posted.getTs(), ms.get(1).getTs());
        assertEquals(root, ms.get(1).getThreadTs());
        assertEquals(FakeSlack.BOT_ID, ms.get(1).getBotId());
        assertEquals("On it", ms.get(1).getText());
        List<LayoutBlock> blocks = ms.get(1).getBlocks();
        assertEquals("section", blocks.get(0).getType());

        List<PostedMessage> seen = fake.thread(GENERAL, root);
        assertEquals(2, seen.size());
        assertTrue(seen.get(1).fromBot());
        assertTrue(seen.get(1).isReply());
        assertEquals("*On it*", seen.get(1).blocks().get(0).path("text").path("text").asText());

        // a reply's ts as thread_ts lands in the same thread, as in Slack
        ChatPostMessageResponse second = methods.chatPostMessage(r -> r.channel(GENERAL).threadTs(posted.getTs())
                .text("done"));
        assertEquals(root, second.getMessage().getThreadTs());
        assertEquals(3, fake.thread(GENERAL, root).size());

        assertEquals("not_in_channel", methods.chatPostMessage(r -> r.channel(OUTSIDE).text("hi")).getError());
        assertEquals("channel_not_found", methods.chatPostMessage(r -> r.channel("C0NOPE").text("hi")).getError());
        assertEquals("thread_not_found",
                methods.conversationsReplies(r -> r.channel(GENERAL).ts("1.000100")).getError());
        assertEquals("msg_too_long",
                methods.chatPostMessage(r -> r.channel(GENERAL).text("x".repeat(40_001))).getError());
        assertEquals("no_text", methods.chatPostMessage(r -> r.channel(GENERAL)).getError());

        // a user id as channel posts into the DM, as Slack does
        ChatPostMessageResponse dm = methods.chatPostMessage(r -> r.channel(ALICE).text("psst"));
        assertEquals(FakeSlack.dmChannel(ALICE), dm.getChannel());
    }

    @Test
    void chatUpdateChangesTheBotsMessageAndRefusesAHumans() throws Exception {
        String human = fake.postedAsUser(ALICE, GENERAL, "hello", null);
        String ts = methods.chatPostMessage(r -> r.channel(GENERAL).text("working...")).getTs();

        ChatUpdateResponse updated = methods.chatUpdate(r -> r.channel(GENERAL).ts(ts).text("done"));
        assertTrue(updated.isOk(), updated::toString);
        assertEquals("done", fake.message(GENERAL, ts).text());
        assertNotNull(fake.message(GENERAL, ts).json().get("edited"));

        assertEquals("cant_update_message", methods.chatUpdate(r -> r.channel(GENERAL).ts(human).text("x")).getError());
        assertEquals("message_not_found", methods.chatUpdate(r -> r.channel(GENERAL).ts("1.000200").text("x")).getError());

        assertEquals("cant_delete_message", methods.chatDelete(r -> r.channel(GENERAL).ts(human)).getError());
        assertTrue(methods.chatDelete(r -> r.channel(GENERAL).ts(ts)).isOk());
        assertNull(fake.message(GENERAL, ts));
    }

    @Test
    void blockKitLimitsAnswerInvalidBlocks() throws Exception {
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 51; i++) {
            many.append(i == 0 ? "" : ",").append("{\"type\":\"divider\"}");
        }
        String fiftyOne = many.append(']').toString();
        ChatPostMessageResponse tooMany = methods.chatPostMessage(r -> r.channel(GENERAL).text("x")
                .blocksAsString(fiftyOne));
        assertEquals("invalid_blocks", tooMany.getError());
        assertEquals(List.of("[ERROR] no more than 50 items allowed [json-pointer:/blocks]"),
                tooMany.getResponseMetadata().getMessages());

        String longSection = "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"" + "a".repeat(3001)
                + "\"}}]";
        ChatPostMessageResponse tooLong = methods.chatPostMessage(r -> r.channel(GENERAL).text("x")
                .blocksAsString(longSection));
        assertEquals("invalid_blocks", tooLong.getError());
        assertEquals(List.of("must be less than 3001 characters [json-pointer:/blocks/0/text/text]"),
                tooLong.getErrors());

        String exactly = longSection.replace("a".repeat(3001), "a".repeat(3000));
        assertTrue(methods.chatPostMessage(r -> r.channel(GENERAL).text("x").blocksAsString(exactly)).isOk());

        String buttons = "[{\"type\":\"actions\",\"elements\":["
                + button("again", "x".repeat(76), "v") + "," + button("again", "ok", "y".repeat(2001)) + ","
                + button("z".repeat(256), "ok", "v") + "]}]";
        ChatPostMessageResponse bad = methods.chatPostMessage(r -> r.channel(GENERAL).text("x").blocksAsString(buttons));
        assertEquals("invalid_blocks", bad.getError());
        assertEquals(List.of(
                "[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]",
                "[ERROR] duplicate action_id: again [json-pointer:/blocks/0/elements/1/action_id]",
                "[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/elements/1/value]",
                "[ERROR] must be less than 256 characters [json-pointer:/blocks/0/elements/2/action_id]"),
                bad.getResponseMetadata().getMessages());

        // chat.update checks them too
        String ts = methods.chatPostMessage(r -> r.channel(GENERAL).text("x")).getTs();
        assertEquals("invalid_blocks",
                methods.chatUpdate(r -> r.channel(GENERAL).ts(ts).blocksAsString(fiftyOne)).getError());
    }

    private static String button(String actionId, String text, String value) {
        return "{\"type\":\"button\",\"action_id\":\"" + actionId + "\",\"text\":{\"type\":\"plain_text\",\"text\":\""
                + text + "\"},\"value\":\"" + value + "\"}";
    }

    // ------------------------------------------------------------------ users

    @Test
    void usersInfoCarriesTheAdminFlag() throws Exception {
        UsersInfoResponse boss = methods.usersInfo(r -> r.user(BOSS));
        assertTrue(boss.isOk(), boss::toString);
        assertTrue(boss.getUser().isAdmin());
        assertTrue(boss.getUser().isOwner());
        assertFalse(boss.getUser().isBot());
        assertEquals("boss", boss.getUser().getName());
        assertEquals(FakeSlack.TEAM_ID, boss.getUser().getTeamId());

        UsersInfoResponse alice = methods.usersInfo(r -> r.user(ALICE));
        assertFalse(alice.getUser().isAdmin());
        assertTrue(methods.usersInfo(r -> r.user(FakeSlack.BOT_USER_ID)).getUser().isBot());
        assertEquals("user_not_found", methods.usersInfo(r -> r.user("U0NOBODY")).getError());
    }

    // ------------------------------------------------------------------ files

    @Test
    void filesUploadV2LandsTheExactBytesInTheThread() throws Exception {
        byte[] png = new byte[5000];
        for (int i = 0; i < png.length; i++) {
            png[i] = (byte) (i * 31 + 7); // every byte value, no text
        }
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 0, png, 0, 8);
        String root = fake.postedAsUser(ALICE, GENERAL, "<@UBOT> a cat", null);

        FilesUploadV2Response up = methods.filesUploadV2(r -> r.channel(GENERAL).threadTs(root).fileData(png)
                .filename("cat.png").title("A cat").initialComment("Here it is"));
        assertTrue(up.isOk(), up::toString);
        String fileId = up.getFile().getId();

        SlackCall getUrl = fake.awaitCall("files.getUploadURLExternal", WAIT);
        assertEquals("cat.png", getUrl.param("filename"));
        assertEquals(Integer.toString(png.length), getUrl.param("length"));
        SlackCall complete = fake.awaitCall("files.completeUploadExternal", WAIT);
        assertEquals(GENERAL, complete.param("channel_id"));
        assertEquals(root, complete.param("thread_ts"));
        assertEquals("[{\"id\":\"" + fileId + "\",\"title\":\"A cat\"}]", complete.param("files"));

        ConversationsRepliesResponse thread = methods.conversationsReplies(r -> r.channel(GENERAL).ts(root));
        Message shared = thread.getMessages().get(1);
        assertEquals("Here it is", shared.getText());
        assertEquals(FakeSlack.BOT_ID, shared.getBotId());
        assertEquals(fileId, shared.getFiles().get(0).getId());
        assertEquals("image/png", shared.getFiles().get(0).getMimetype());
        assertEquals(png.length, shared.getFiles().get(0).getSize());

        PostedMessage seen = fake.thread(GENERAL, root).get(1);
        assertArrayEquals(png, seen.files().get(0).bytes());

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> withToken = http.send(HttpRequest.newBuilder(URI.create(shared.getFiles().get(0)
                .getUrlPrivate())).header("Authorization", "Bearer " + FakeSlack.BOT_TOKEN).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(png, withToken.body());

        assertTrue(methods.filesInfo(r -> r.file(fileId)).isOk());
        assertTrue(methods.filesDelete(r -> r.file(fileId)).isOk());
        assertEquals("file_deleted", methods.filesInfo(r -> r.file(fileId)).getError());
        assertEquals("file_not_found", methods.filesInfo(r -> r.file("F0NOPE")).getError());
    }

    @Test
    void completeUploadWithoutTheBytesFails() throws Exception {
        String fileId = methods.filesGetUploadURLExternal(r -> r.filename("a.txt").length(3)).getFileId();
        assertEquals("upload_incomplete", methods.filesCompleteUploadExternal(r -> r.files(List.of(
                com.slack.api.methods.request.files.FilesCompleteUploadExternalRequest.FileDetails.builder()
                        .id(fileId).build())).channelId(GENERAL)).getError());
        assertEquals("file_not_found", methods.filesCompleteUploadExternal(r -> r.files(List.of(
                com.slack.api.methods.request.files.FilesCompleteUploadExternalRequest.FileDetails.builder()
                        .id("F0NOPE").build())).channelId(GENERAL)).getError());
    }

    @Test
    void urlPrivateNeedsTheBotTokenElseALoginPage() throws Exception {
        byte[] bytes = "a picture".getBytes(StandardCharsets.UTF_8);
        SlackFile file = fake.addPrivateFile(ALICE, "in put.png", "image/png", bytes);
        assertTrue(file.urlPrivate().startsWith(fake.baseUrl() + "/files-pri/T0001-" + file.id() + "/"),
                file.urlPrivate());
        assertEquals(file.urlPrivate(), file.json().get("url_private").asText());
        assertEquals(ALICE, file.json().get("user").asText());

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> with = http.send(HttpRequest.newBuilder(URI.create(file.urlPrivate()))
                .header("Authorization", "Bearer " + FakeSlack.BOT_TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, with.statusCode());
        assertEquals("image/png", with.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(bytes, with.body());

        for (HttpRequest.Builder without : List.of(HttpRequest.newBuilder(URI.create(file.urlPrivate())),
                HttpRequest.newBuilder(URI.create(file.json().get("url_private_download").asText()))
                        .header("Authorization", "Bearer xoxb-other"))) {
            HttpResponse<String> page = http.send(without.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode(), "Slack answers 200 with a login page, not 401");
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertTrue(page.body().startsWith("<!DOCTYPE html>"));
        }

        // a user shares it: the message event carries the file object, as a file_share
        String ts = fake.postedAsUser(ALICE, GENERAL, "<@UBOT> make it blue", null, List.of(file));
        ObjectNode event = fake.messageEvent(GENERAL, ts);
        assertEquals("file_share", event.get("subtype").asText());
        assertEquals(file.id(), event.get("files").get(0).get("id").asText());
        MessageFileSharePayload parsed = GsonFactory.createSnakeCase(slack.getConfig()).fromJson(
                SlackPayloads.eventCallback(event).toString(), MessageFileSharePayload.class);
        assertEquals(file.urlPrivate(), parsed.getEvent().getFiles().get(0).getUrlPrivate());
    }

    // ------------------------------------------------------------------ faults

    @Test
    void rateLimitIsA429ExceptionThenTheNextCallSucceeds() throws Exception {
        fake.rateLimitNext("chat.postMessage", 3);
        SlackApiException limited = assertThrows(SlackApiException.class,
                () -> methods.chatPostMessage(r -> r.channel(GENERAL).text("hi")));
        assertEquals(429, limited.getResponse().code());
        assertEquals("3", limited.getResponse().header("Retry-After"));
        assertEquals("ratelimited", limited.getError().getError());
        assertEquals(429, fake.awaitCall("chat.postMessage", WAIT).status());

        assertTrue(methods.chatPostMessage(r -> r.channel(GENERAL).text("hi")).isOk());
        assertEquals(1, fake.messages(GENERAL).size());

        fake.failNext("chat.postMessage", "fatal_error");
        assertEquals("fatal_error", methods.chatPostMessage(r -> r.channel(GENERAL).text("hi")).getError());
        assertTrue(methods.chatPostMessage(r -> r.channel(GENERAL).text("hi")).isOk());
    }

    // ------------------------------------------------------------------ Socket Mode

    @Test
    void socketModeDeliversAnEventTakesTheAckAndReconnectsAfterDisconnect() throws Exception {
        BlockingQueue<EventsApiEnvelope> received = new LinkedBlockingQueue<>();
        SocketModeClient client = slack.socketMode(FakeSlack.APP_TOKEN, SocketModeClient.Backend.JavaWebSocket);
        try {
            assertTrue(client.getWssUri().toString().startsWith("ws://127.0.0.1:"), client.getWssUri().toString());
            assertEquals(FakeSlack.APP_TOKEN, fake.awaitCall("apps.connections.open", WAIT).token());
            client.addEventsApiEnvelopeListener(envelope -> {
                received.add(envelope);
                client.sendSocketModeResponse("{\"envelope_id\":\"" + envelope.getEnvelopeId() + "\"}");
            });
            client.connect();
            fake.awaitSocketConnections(1, WAIT);
            assertTrue(fake.pingSocket(WAIT), "the client answers pings");

            String ts = fake.postedAsUser(ALICE, GENERAL, "<@UBOT> draw a dog", null);
            String id = fake.socketEnvelope("events_api",
                    SlackPayloads.eventCallback(fake.appMentionEvent(GENERAL, ts)).toString());
            assertEquals(id, fake.awaitAck(id, WAIT).get("envelope_id").asText());
            EventsApiEnvelope envelope = received.poll(5, TimeUnit.SECONDS);
            assertNotNull(envelope);
            assertEquals(id, envelope.getEnvelopeId());
            assertFalse(envelope.getAcceptsResponsePayload());
            AppMentionPayload payload = GsonFactory.createSnakeCase(slack.getConfig())
                    .fromJson(envelope.getPayload(), AppMentionPayload.class);
            assertEquals("<@UBOT> draw a dog", payload.getEvent().getText());
            assertEquals(ts, payload.getEvent().getTs());
            assertEquals(ALICE, payload.getEvent().getUser());

            int opens = fake.callCount();
            fake.disconnectSocket();
            fake.awaitCall(opens, "apps.connections.open", c -> true, WAIT);
            fake.awaitSocketConnections(2, WAIT);
            String again = fake.socketEnvelope("events_api",
                    SlackPayloads.eventCallback(fake.messageEvent(GENERAL, ts)).toString());
            fake.awaitAck(again, WAIT);
        } finally {
            client.close();
        }
    }

    @Test
    void slashCommandsAndButtonsOverSocketModeAckWithAPayload() throws Exception {
        SocketModeClient client = slack.socketMode(FakeSlack.APP_TOKEN, SocketModeClient.Backend.JavaWebSocket);
        List<String> types = new ArrayList<>();
        client.addWebSocketMessageListener(message -> {
            JsonNode m = read(message);
            types.add(m.path("type").asText());
            if (m.has("envelope_id")) {
                client.sendSocketModeResponse("{\"envelope_id\":\"" + m.get("envelope_id").asText()
                        + "\",\"payload\":{\"text\":\"queued\"}}");
            }
        });
        try {
            client.connect();
            ObjectNode command = fake.slashCommand(ALICE, GENERAL, "/imagine", "a red fox");
            String id = fake.socketEnvelope("slash_commands", command);
            assertEquals("queued", fake.awaitAck(id, WAIT).path("payload").path("text").asText());

            // the app answers on response_url (here through the SDK's webhook sender)
            String url = command.get("response_url").asText();
            assertEquals(200, slack.send(url, "{\"text\":\"done\",\"response_type\":\"in_channel\"}").getCode());
            assertEquals("done", fake.awaitResponseUrlPost(url, WAIT).json().get("text").asText());

            String ts = methods.chatPostMessage(r -> r.channel(GENERAL).text("pick")
                    .blocksAsString("[{\"type\":\"actions\",\"block_id\":\"b1\",\"elements\":["
                            + button("retry", "Again", "job-7") + "]}]")).getTs();
            ObjectNode click = fake.blockActions(ALICE, GENERAL, ts, "retry");
            String clickId = fake.socketEnvelope("interactive", click);
            fake.awaitAck(clickId, WAIT);
            assertTrue(types.containsAll(List.of("slash_commands", "interactive")), types::toString);
        } finally {
            client.close();
        }
    }

    @Test
    void jsonBodiesAndATokenFieldAreAcceptedToo() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> json = http.send(HttpRequest.newBuilder(URI.create(fake.apiBase() + "chat.postMessage"))
                .header("Authorization", "Bearer " + FakeSlack.BOT_TOKEN)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"" + GENERAL + "\",\"text\":\"hi\","
                        + "\"blocks\":[{\"type\":\"divider\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, json.statusCode());
        assertTrue(read(json.body()).get("ok").asBoolean(), json.body());
        assertEquals("[{\"type\":\"divider\"}]", fake.awaitCall("chat.postMessage", WAIT).param("blocks"));

        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(fake.apiBase() + "auth.test"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + FakeSlack.BOT_TOKEN)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(FakeSlack.BOT_USER_ID, read(form.body()).get("user_id").asText());

        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(fake.apiBase() + "auth.test"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("not_authed", read(none.body()).get("error").asText());
    }

    // ------------------------------------------------------------------ payloads for HTTP mode

    @Test
    void payloadsParseWithTheSdkAndSignaturesMatchIt() {
        fake.postedAsUser(ALICE, GENERAL, "hi", null);
        ObjectNode command = fake.slashCommand(ALICE, GENERAL, "/imagine", "a cat & a dog");
        String form = SlackPayloads.formBody(command);
        SlashCommandPayload parsed = new SlashCommandPayloadParser().parse(form);
        assertEquals("/imagine", parsed.getCommand());
        assertEquals("a cat & a dog", parsed.getText());
        assertEquals(ALICE, parsed.getUserId());
        assertEquals(GENERAL, parsed.getChannelId());
        assertTrue(parsed.getResponseUrl().startsWith(fake.baseUrl() + "/commands/respond/"));

        String blocks = "[{\"type\":\"section\",\"block_id\":\"s1\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"pick\"},"
                + "\"accessory\":" + button("upscale", "Upscale", "job-9") + "}]";
        String root = fake.postedAsUser(ALICE, GENERAL, "go", null);
        String ts;
        try {
            ts = methods.chatPostMessage(r -> r.channel(GENERAL).threadTs(root).text("pick").blocksAsString(blocks))
                    .getTs();
        } catch (IOException | SlackApiException e) {
            throw new AssertionError(e);
        }
        ObjectNode click = fake.blockActions(BOSS, GENERAL, ts, "upscale");
        String body = SlackPayloads.interactiveFormBody(click);
        assertTrue(body.startsWith("payload=%7B"));
        BlockActionPayload action = GsonFactory.createSnakeCase(slack.getConfig()).fromJson(click.toString(),
                BlockActionPayload.class);
        assertEquals("upscale", action.getActions().get(0).getActionId());
        assertEquals("s1", action.getActions().get(0).getBlockId());
        assertEquals("job-9", action.getActions().get(0).getValue());
        assertEquals(ts, action.getContainer().getMessageTs());
        assertEquals(root, action.getContainer().getThreadTs());
        assertEquals(BOSS, action.getUser().getId());

        // a human edits and deletes: the events parse as the SDK's message_changed / message_deleted
        String said = fake.postedAsUser(ALICE, GENERAL, "a cat", root);
        ObjectNode changed = fake.editedAsUser(GENERAL, said, "a black cat");
        assertEquals("a black cat", fake.message(GENERAL, said).text());
        MessageChangedPayload changedPayload = GsonFactory.createSnakeCase(slack.getConfig()).fromJson(
                SlackPayloads.eventCallback(changed).toString(), MessageChangedPayload.class);
        assertEquals("a black cat", changedPayload.getEvent().getMessage().getText());
        assertEquals("a cat", changedPayload.getEvent().getPreviousMessage().getMessage().getText());
        assertEquals(root, changedPayload.getEvent().getMessage().getThreadTs());
        ObjectNode deleted = fake.deletedAsUser(GENERAL, said);
        assertNull(fake.message(GENERAL, said));
        MessageDeletedPayload deletedPayload = GsonFactory.createSnakeCase(slack.getConfig()).fromJson(
                SlackPayloads.eventCallback(deleted).toString(), MessageDeletedPayload.class);
        assertEquals(said, deletedPayload.getEvent().getDeletedTs());

        // the static builders, for events about messages the fake does not hold
        ObjectNode im = SlackPayloads.message(ALICE, FakeSlack.dmChannel(ALICE), "im", "hello", "1700000000.000100",
                null, null);
        MessagePayload imPayload = GsonFactory.createSnakeCase(slack.getConfig()).fromJson(
                SlackPayloads.eventCallback(im).toString(), MessagePayload.class);
        assertEquals("im", imPayload.getEvent().getChannelType());
        assertEquals(FakeSlack.TEAM_ID, imPayload.getTeamId());
        assertEquals(FakeSlack.BOT_USER_ID, imPayload.getAuthorizations().get(0).getUserId());
        ObjectNode mention = SlackPayloads.appMention(ALICE, GENERAL, "<@UBOT> hi", "1700000000.000200",
                "1700000000.000100", null);
        assertEquals("1700000000.000100", mention.get("thread_ts").asText());

        String timestamp = "1531420618";
        String secret = "8f742231b10e8888abcd99yyyzzz85a5";
        assertEquals(new SlackSignature.Generator(secret).generate(timestamp, form),
                SlackSigning.sign(secret, timestamp, form));
    }

    private static JsonNode read(String json) {
        try {
            return FakeSlack.JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
