package dev.chatgen.adapter.slack.fake;

import static dev.chatgen.adapter.slack.fake.FakeSlack.APP_ID;
import static dev.chatgen.adapter.slack.fake.FakeSlack.BOT_USER_ID;
import static dev.chatgen.adapter.slack.fake.FakeSlack.TEAM_DOMAIN;
import static dev.chatgen.adapter.slack.fake.FakeSlack.TEAM_ID;
import static dev.chatgen.adapter.slack.fake.FakeSlack.VERIFICATION_TOKEN;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payloads shaped like Slack's, for delivering to the app: Events API ({@code event_callback} and its events),
 * slash commands and {@code block_actions}. Over Socket Mode they go as an envelope's payload
 * ({@link FakeSlack#socketEnvelope}); over HTTP mode an event is the JSON body, a slash command is
 * {@link #formBody form-encoded} and an interactive payload is {@link #interactiveFormBody payload=<json>}.
 */
public final class SlackPayloads {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final AtomicLong EVENT_IDS = new AtomicLong(1);
    private static final Pattern MENTION = Pattern.compile("<@([UW][A-Z0-9]+)>");

    private SlackPayloads() {
    }

    // ------------------------------------------------------------------ Events API

    /** The Events API wrapper around an event (what an {@code events_api} envelope carries as payload). */
    public static ObjectNode eventCallback(JsonNode event) {
        ObjectNode e = NODES.objectNode();
        e.put("token", VERIFICATION_TOKEN).put("team_id", TEAM_ID).put("context_team_id", TEAM_ID)
                .putNull("context_enterprise_id").put("api_app_id", APP_ID);
        e.set("event", event);
        e.put("type", "event_callback").put("event_id", String.format("Ev%09d", EVENT_IDS.getAndIncrement()))
                .put("event_time", System.currentTimeMillis() / 1000);
        e.putArray("authorizations").addObject().putNull("enterprise_id").put("team_id", TEAM_ID)
                .put("user_id", BOT_USER_ID).put("is_bot", true).put("is_enterprise_install", false);
        e.put("is_ext_shared_channel", false).put("event_context", "4-fake-" + e.get("event_id").asText());
        return e;
    }

    /**
     * A human's message as the API shows it: client_msg_id, type, text, user, ts, rich_text blocks (with user mentions
     * as {@code user} elements), team; thread_ts and parent_user_id when threadTs is given (parentUserId may be null);
     * files, upload and display_as_bot when there are files.
     */
    public static ObjectNode humanMessage(String user, String text, String ts, String threadTs, String parentUserId,
            List<SlackFile> files) {
        ObjectNode m = NODES.objectNode();
        m.put("client_msg_id", UUID.randomUUID().toString()).put("type", "message").put("text", text)
                .put("user", user).put("ts", ts);
        m.set("blocks", richTextBlocks(text));
        m.put("team", TEAM_ID);
        if (threadTs != null) {
            m.put("thread_ts", threadTs);
            if (parentUserId != null) {
                m.put("parent_user_id", parentUserId);
            }
        }
        if (files != null && !files.isEmpty()) {
            ArrayNode fs = m.putArray("files");
            files.forEach(f -> fs.add(f.json().deepCopy()));
            m.put("upload", false).put("display_as_bot", false);
        }
        return m;
    }

    /** A {@code rich_text} block of the text as Slack's clients send it: text runs and {@code <@U..>} user elements. */
    public static ArrayNode richTextBlocks(String text) {
        ArrayNode blocks = NODES.arrayNode();
        ObjectNode rich = blocks.addObject();
        rich.put("type", "rich_text").put("block_id", Integer.toHexString(text.hashCode() & 0xFFFFF));
        ArrayNode elements = rich.putArray("elements").addObject().put("type", "rich_text_section").putArray("elements");
        Matcher m = MENTION.matcher(text);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                elements.addObject().put("type", "text").put("text", text.substring(at, m.start()));
            }
            elements.addObject().put("type", "user").put("user_id", m.group(1));
            at = m.end();
        }
        if (at < text.length()) {
            elements.addObject().put("type", "text").put("text", text.substring(at));
        }
        return blocks;
    }

    /**
     * A {@code message} event from a message as the API shows it (e.g. {@link PostedMessage#json()}): adds channel,
     * event_ts and channel_type ("channel", "group" or "im"); with files it becomes subtype {@code file_share}, as Slack
     * sends it (Bolt for Java then dispatches it as {@code MessageFileShareEvent}, not {@code MessageEvent}).
     */
    public static ObjectNode messageEvent(JsonNode message, String channel, String channelType) {
        ObjectNode e = message.deepCopy();
        e.put("type", "message");
        if (e.has("files") && !e.has("subtype")) {
            e.put("subtype", "file_share");
        }
        e.put("channel", channel).put("event_ts", e.path("ts").asText()).put("channel_type", channelType);
        strip(e);
        return e;
    }

    /** A {@code message} event built from scratch; threadTs and files may be null. */
    public static ObjectNode message(String user, String channel, String channelType, String text, String ts,
            String threadTs, List<SlackFile> files) {
        return messageEvent(humanMessage(user, text, ts, threadTs, null, files), channel, channelType);
    }

    /** An {@code app_mention} event from a message as the API shows it (the text should contain {@code <@UBOT>}). */
    public static ObjectNode appMentionEvent(JsonNode message, String channel) {
        ObjectNode e = NODES.objectNode();
        for (String f : List.of("client_msg_id")) {
            if (message.has(f)) {
                e.set(f, message.get(f));
            }
        }
        e.put("type", "app_mention").put("text", message.path("text").asText()).put("user", message.path("user").asText())
                .put("ts", message.path("ts").asText());
        if (message.has("blocks")) {
            e.set("blocks", message.get("blocks"));
        }
        e.put("team", message.path("team").asText(TEAM_ID));
        for (String f : List.of("thread_ts", "parent_user_id", "files", "upload", "display_as_bot", "edited")) {
            if (message.has(f)) {
                e.set(f, message.get(f));
            }
        }
        e.put("channel", channel).put("event_ts", message.path("ts").asText());
        return e;
    }

    /** An {@code app_mention} event built from scratch; threadTs and files may be null. */
    public static ObjectNode appMention(String user, String channel, String text, String ts, String threadTs,
            List<SlackFile> files) {
        return appMentionEvent(humanMessage(user, text, ts, threadTs, null, files), channel);
    }

    /** A {@code message_changed} event: the message as it is now (with {@code edited}) and as it was. */
    public static ObjectNode messageChanged(String channel, String channelType, JsonNode message,
            JsonNode previousMessage, String eventTs) {
        ObjectNode e = NODES.objectNode();
        e.put("type", "message").put("subtype", "message_changed");
        ObjectNode now = message.deepCopy();
        strip(now);
        e.set("message", now);
        ObjectNode before = previousMessage.deepCopy();
        strip(before);
        e.set("previous_message", before);
        e.put("channel", channel).put("hidden", true).put("ts", eventTs).put("event_ts", eventTs)
                .put("channel_type", channelType);
        return e;
    }

    /** A {@code message_deleted} event. */
    public static ObjectNode messageDeleted(String channel, String channelType, String deletedTs,
            JsonNode previousMessage, String eventTs) {
        ObjectNode e = NODES.objectNode();
        e.put("type", "message").put("subtype", "message_deleted").put("hidden", true).put("deleted_ts", deletedTs)
                .put("channel", channel);
        ObjectNode before = previousMessage.deepCopy();
        strip(before);
        e.set("previous_message", before);
        e.put("event_ts", eventTs).put("ts", eventTs).put("channel_type", channelType);
        return e;
    }

    /** Fields the API adds to a message that events do not carry. */
    private static void strip(ObjectNode m) {
        m.remove(List.of("reply_count", "reply_users_count", "latest_reply", "reply_users", "is_locked", "subscribed"));
    }

    // ------------------------------------------------------------------ slash commands and interactivity

    /** A trigger_id shaped like Slack's. */
    public static String triggerId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return r.nextLong(1_000_000_000_000L, 9_999_999_999_999L) + "." + r.nextLong(1_000_000_000L, 9_999_999_999L)
                + "." + UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * A slash command's fields (all strings), as Slack form-encodes them for HTTP mode ({@link #formBody}) and puts
     * them in a {@code slash_commands} envelope's payload. channelName "directmessage" for a DM.
     */
    public static ObjectNode slashCommand(String userId, String userName, String channelId, String channelName,
            String command, String text, String responseUrl) {
        ObjectNode c = NODES.objectNode();
        c.put("token", VERIFICATION_TOKEN).put("team_id", TEAM_ID).put("team_domain", TEAM_DOMAIN)
                .put("channel_id", channelId).put("channel_name", channelName).put("user_id", userId)
                .put("user_name", userName).put("command", command).put("text", text).put("api_app_id", APP_ID)
                .put("is_enterprise_install", "false").put("response_url", responseUrl).put("trigger_id", triggerId());
        return c;
    }

    /**
     * A {@code block_actions} payload for a click on a button of a message (as the API shows it).
     *
     * @param button the clicked element as it is in the message's blocks (action_id, text, value...)
     * @param blockId the block_id of the block holding it
     */
    public static ObjectNode blockActions(String userId, String userName, String channelId, String channelName,
            JsonNode message, String blockId, JsonNode button, String responseUrl) {
        ObjectNode p = NODES.objectNode();
        p.put("type", "block_actions");
        p.putObject("user").put("id", userId).put("username", userName).put("name", userName).put("team_id", TEAM_ID);
        p.put("api_app_id", APP_ID).put("token", VERIFICATION_TOKEN);
        String ts = message.path("ts").asText();
        ObjectNode container = p.putObject("container");
        container.put("type", "message").put("message_ts", ts).put("channel_id", channelId).put("is_ephemeral", false);
        if (message.has("thread_ts")) {
            container.put("thread_ts", message.get("thread_ts").asText());
        }
        p.put("trigger_id", triggerId());
        p.putObject("team").put("id", TEAM_ID).put("domain", TEAM_DOMAIN);
        p.putNull("enterprise");
        p.put("is_enterprise_install", false);
        p.putObject("channel").put("id", channelId).put("name", channelName);
        ObjectNode m = message.deepCopy();
        m.remove(List.of("channel"));
        p.set("message", m);
        p.putObject("state").putObject("values");
        p.put("response_url", responseUrl);
        ObjectNode action = p.putArray("actions").addObject();
        action.put("action_id", button.path("action_id").asText()).put("block_id", blockId);
        if (button.has("text")) {
            action.set("text", button.get("text").deepCopy());
        }
        if (button.has("value")) {
            action.put("value", button.get("value").asText());
        }
        if (button.has("style")) {
            action.put("style", button.get("style").asText());
        }
        action.put("type", button.path("type").asText("button"));
        long micros = System.currentTimeMillis() * 1000 + ThreadLocalRandom.current().nextInt(1000);
        action.put("action_ts", String.format("%d.%06d", micros / 1_000_000, micros % 1_000_000));
        return p;
    }

    /** {@code application/x-www-form-urlencoded} of an object's fields (values as text), e.g. a slash command body. */
    public static String formBody(JsonNode fields) {
        StringJoiner body = new StringJoiner("&");
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            body.add(enc(f.getKey()) + "=" + enc(v.isValueNode() ? v.asText() : v.toString()));
        }
        return body.toString();
    }

    /** The HTTP-mode body of an interactive payload: {@code payload=<url-encoded JSON>}. */
    public static String interactiveFormBody(JsonNode payload) {
        return "payload=" + enc(payload.toString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
