package dev.chatgen.adapter.discord.fake;

import dev.chatgen.testing.ServerWebSocket;
import dev.chatgen.testing.WebSocketWire;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Discord on loopback that the real JDA client logs in to: REST under {@link #restBase()} and a gateway
 * WebSocket at {@link #gatewayUrl()}. One guild with three text channels ({@link #channelId}, {@link #otherChannelId}
 * and the age-restricted {@link #nsfwChannelId}, which has a thread), two roles besides @everyone ({@link #adminRoleId}
 * with Manage Server, {@link #helperRoleId} without), the bot, one human member without roles and the owner (someone else,
 * so the human has only what roles give: Discord lets an owner do everything).
 *
 * <p>JDA must use {@code Compression.NONE} (JSON, no zlib), {@code RestConfig.setBaseUrl(fake.restBase())} and a
 * session controller whose {@code getGateway()} returns {@link #gatewayUrl()} (see {@link #sessionController()}
 * in {@code FakeDiscordTest}). REST calls are recorded ({@link #calls()}, {@link #awaitCall}); gateway events are
 * pushed with {@link #dispatch}.
 */
public final class FakeDiscord implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long DISCORD_EPOCH = 1420070400000L;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");
    private static final Pattern MENTION = Pattern.compile("<@!?(\\d+)>");

    /** VIEW_CHANNEL, SEND_MESSAGES, EMBED_LINKS, ATTACH_FILES, READ_MESSAGE_HISTORY, ADD_REACTIONS, USE_EXTERNAL_EMOJIS,
     *  USE_APPLICATION_COMMANDS, CREATE_PUBLIC_THREADS, SEND_MESSAGES_IN_THREADS, CHANGE_NICKNAME, CONNECT, SPEAK. */
    public static final long EVERYONE_PERMISSIONS = (1L << 10) | (1L << 11) | (1L << 14) | (1L << 15) | (1L << 16)
            | (1L << 6) | (1L << 18) | (1L << 31) | (1L << 35) | (1L << 38) | (1L << 26) | (1L << 20) | (1L << 21);
    public static final long MANAGE_GUILD = 1L << 5;
    public static final long MANAGE_MESSAGES = 1L << 13;

    private final AtomicLong snowflakeCounter = new AtomicLong();
    public final String botId = snowflake();
    public final String applicationId = botId; // as for any bot created after 2019
    public final String guildId = snowflake();
    public final String channelId = snowflake();
    public final String userId = snowflake();
    public final String ownerId = snowflake();
    /** A second plain text channel ("art"). */
    public final String otherChannelId = snowflake();
    /** An age-restricted text channel ("after-dark", {@code nsfw: true}). */
    public final String nsfwChannelId = snowflake();
    /** A public thread in {@link #nsfwChannelId}: threads have no NSFW flag of their own. */
    public final String nsfwThreadId = snowflake();
    /** The human's DM channel with the bot. */
    public final String dmChannelId = snowflake();
    /** "Admins": Manage Server and Manage Messages on top of @everyone. */
    public final String adminRoleId = snowflake();
    /** "Helpers": a role without Manage Server (an operator may name it in moderation.discord-moderator-roles). */
    public final String helperRoleId = snowflake();
    public final String botToken = "fake-bot-token";
    /** The token REST accepts; a test sets another to act as Discord rejecting the bot's. */
    public volatile String acceptedToken = botToken;
    private final String sessionId = "fake-session-" + Long.toHexString(System.nanoTime());

    private final HttpServer http;
    private final ExecutorService httpPool;
    private final ServerSocket gatewayServer;
    private final List<ServerWebSocket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile ServerWebSocket session; // the identified connection
    private final Object sessionLock = new Object();
    private final AtomicInteger sequence = new AtomicInteger();
    private final List<JsonNode> gatewayReceived = new ArrayList<>();

    private final List<RestCall> calls = new ArrayList<>();
    private final Map<String, ObjectNode> messages = new ConcurrentHashMap<>();
    private final Map<String, String> originalByToken = new ConcurrentHashMap<>();
    private final Map<String, String> channelByToken = new ConcurrentHashMap<>();
    private final Map<String, Integer> interactionTypeByToken = new ConcurrentHashMap<>();
    private final Map<String, byte[]> cdn = new ConcurrentHashMap<>();
    private final List<ObjectNode> commands = new ArrayList<>();
    private final AtomicInteger componentIds = new AtomicInteger();

    public FakeDiscord() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        http = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        httpPool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-discord-rest");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(httpPool);
        http.createContext("/", this::handle);
        http.start();
        gatewayServer = new ServerSocket(0, 50, loopback);
        ServerWebSocket.acceptAll(gatewayServer, "fake-discord-gateway", this::serveGateway);
    }

    // ------------------------------------------------------------------ addresses

    /** The REST base URL, as JDA's RestConfig wants it: {@code http://127.0.0.1:PORT/api/v10/}. */
    public String restBase() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/api/v10/";
    }

    /** Where the fake serves attachment bytes (its CDN), e.g. {@code http://127.0.0.1:PORT/attachments/...}. */
    public String cdnBase() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** The gateway URL, {@code ws://127.0.0.1:PORT/gateway} (its own port: the REST server cannot upgrade). */
    public String gatewayUrl() {
        return "ws://127.0.0.1:" + gatewayServer.getLocalPort() + "/gateway";
    }

    // ------------------------------------------------------------------ entities

    public String snowflake() {
        long ms = System.currentTimeMillis() - DISCORD_EPOCH;
        return Long.toString((ms << 22) | (snowflakeCounter.incrementAndGet() & 0xFFF));
    }

    private static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC).format(TIMESTAMP);
    }

    public ObjectNode botUser() {
        ObjectNode u = NODES.objectNode();
        u.put("id", botId).put("username", "chatgen").put("discriminator", "0000").putNull("global_name")
                .putNull("avatar").put("bot", true).put("verified", true).put("mfa_enabled", false).put("flags", 0)
                .put("public_flags", 0).putNull("banner").putNull("accent_color").putNull("avatar_decoration_data");
        return u;
    }

    public ObjectNode humanUser() {
        ObjectNode u = NODES.objectNode();
        u.put("id", userId).put("username", "alice").put("discriminator", "0").put("global_name", "Alice")
                .putNull("avatar").put("public_flags", 0).putNull("avatar_decoration_data");
        return u;
    }

    private ObjectNode member(ObjectNode user) {
        ObjectNode m = NODES.objectNode();
        if (user != null) {
            m.set("user", user);
        }
        m.putNull("nick").putNull("avatar").putNull("banner").putArray("roles"); // @everyone is implied, never listed
        m.put("joined_at", "2024-01-01T00:00:00.000000+00:00").putNull("premium_since").put("deaf", false)
                .put("mute", false).put("flags", 0).put("pending", false).putNull("communication_disabled_until");
        return m;
    }

    public ObjectNode channel() {
        return channel(channelId);
    }

    /** One of the guild's channels as Discord sends it: a text channel, or the thread in the age-restricted one. */
    public ObjectNode channel(String id) {
        if (id.equals(nsfwThreadId)) {
            return thread();
        }
        String name = id.equals(channelId) ? "general" : id.equals(otherChannelId) ? "art" : id.equals(nsfwChannelId) ? "after-dark" : null;
        if (name == null) {
            throw new IllegalArgumentException("no channel " + id + " in the fake guild");
        }
        ObjectNode c = NODES.objectNode();
        c.put("id", id).put("type", 0).put("guild_id", guildId).put("name", name).put("position", textChannels().indexOf(id))
                .putArray("permission_overwrites");
        c.putNull("topic").put("nsfw", id.equals(nsfwChannelId)).putNull("last_message_id").put("rate_limit_per_user", 0)
                .putNull("parent_id").put("flags", 0);
        return c;
    }

    private List<String> textChannels() {
        return List.of(channelId, otherChannelId, nsfwChannelId);
    }

    private ObjectNode thread() {
        ObjectNode t = NODES.objectNode();
        t.put("id", nsfwThreadId).put("type", 11).put("guild_id", guildId).put("parent_id", nsfwChannelId).put("name", "late pictures")
                .put("owner_id", userId).putNull("last_message_id").put("rate_limit_per_user", 0).put("flags", 0)
                .put("message_count", 0).put("member_count", 1).put("total_message_sent", 0).putArray("applied_tags");
        t.putObject("thread_metadata").put("archived", false).put("auto_archive_duration", 1440)
                .put("archive_timestamp", "2024-01-01T00:00:00.000000+00:00").put("locked", false)
                .put("create_timestamp", "2024-01-01T00:00:00.000000+00:00");
        return t;
    }

    private ObjectNode role(String id, String name, int position, long permissions) {
        ObjectNode r = NODES.objectNode();
        r.put("id", id).put("name", name).put("color", 0).put("hoist", false).putNull("icon")
                .putNull("unicode_emoji").put("position", position).put("permissions", Long.toString(permissions))
                .put("managed", false).put("mentionable", false).put("flags", 0);
        r.putObject("colors").put("primary_color", 0).putNull("secondary_color").putNull("tertiary_color");
        return r;
    }

    /** Each role's permissions; the guild id is @everyone's role. */
    private Map<String, Long> rolePermissions() {
        return Map.of(guildId, EVERYONE_PERMISSIONS, adminRoleId, EVERYONE_PERMISSIONS | MANAGE_GUILD | MANAGE_MESSAGES,
                helperRoleId, EVERYONE_PERMISSIONS);
    }

    /** A member's guild permissions as Discord computes them (no role here has Administrator or channel overwrites). */
    public long permissionsOf(List<String> roleIds) {
        long p = EVERYONE_PERMISSIONS;
        for (String id : roleIds) {
            p |= rolePermissions().getOrDefault(id, 0L);
        }
        return p;
    }

    public ObjectNode guildCreate() {
        ObjectNode g = NODES.objectNode();
        g.put("id", guildId).put("name", "Fake Guild").putNull("icon").putNull("splash").putNull("discovery_splash")
                .put("owner_id", ownerId).putNull("afk_channel_id").put("afk_timeout", 300)
                .put("verification_level", 0).put("default_message_notifications", 0)
                .put("explicit_content_filter", 0).put("mfa_level", 0).putNull("application_id")
                .putNull("system_channel_id").put("system_channel_flags", 0).putNull("rules_channel_id")
                .put("max_members", 500000).putNull("vanity_url_code").putNull("description").putNull("banner")
                .put("premium_tier", 0).put("premium_subscription_count", 0).put("preferred_locale", "en-US")
                .putNull("public_updates_channel_id").put("nsfw_level", 0).put("nsfw", false)
                .put("premium_progress_bar_enabled", false).putNull("safety_alerts_channel_id")
                .put("joined_at", "2024-01-01T00:00:00.000000+00:00").put("large", false).put("unavailable", false)
                .put("member_count", 3).put("max_video_channel_users", 25).put("max_stage_video_channel_users", 50);
        ArrayNode roles = g.putArray("roles");
        roles.add(role(guildId, "@everyone", 0, EVERYONE_PERMISSIONS));
        roles.add(role(helperRoleId, "Helpers", 1, rolePermissions().get(helperRoleId)));
        roles.add(role(adminRoleId, "Admins", 2, rolePermissions().get(adminRoleId)));
        for (String empty : List.of("emojis", "features", "stickers", "voice_states", "presences",
                "stage_instances", "guild_scheduled_events", "soundboard_sounds", "embedded_activities")) {
            g.putArray(empty);
        }
        ArrayNode members = g.putArray("members");
        members.add(member(botUser()));
        members.add(member(humanUser()));
        ObjectNode owner = NODES.objectNode();
        owner.put("id", ownerId).put("username", "olivia").put("discriminator", "0").put("global_name", "Olivia")
                .putNull("avatar").put("public_flags", 0).putNull("avatar_decoration_data");
        members.add(member(owner));
        ArrayNode channels = g.putArray("channels");
        for (String id : textChannels()) {
            ObjectNode channel = channel(id);
            channel.remove("guild_id"); // as in a real GUILD_CREATE
            channels.add(channel);
        }
        g.putArray("threads").add(thread()); // active threads come with the guild
        return g;
    }

    private ObjectNode ready() {
        ObjectNode d = NODES.objectNode();
        d.put("v", 10).set("user", botUser());
        d.putArray("guilds").addObject().put("id", guildId).put("unavailable", true);
        d.put("session_id", sessionId).put("session_type", "normal").put("resume_gateway_url", gatewayUrl());
        d.putArray("shard").add(0).add(1);
        d.putObject("application").put("id", applicationId).put("flags", (1 << 19) | (1 << 15)); // GATEWAY_MESSAGE_CONTENT(_LIMITED)
        d.putArray("private_channels");
        d.putArray("relationships");
        d.putArray("presences");
        d.putArray("guild_join_requests");
        d.putArray("geo_ordered_rtc_regions");
        d.putObject("user_settings");
        d.putArray("_trace").add("[\"fake-discord\",{\"micros\":0}]");
        return d;
    }

    private ObjectNode application() {
        ObjectNode a = NODES.objectNode();
        a.put("id", applicationId).put("name", "chatgen").putNull("icon").put("description", "")
                .put("bot_public", true).put("bot_require_code_grant", false).put("verify_key", "00")
                .put("flags", (1 << 19)).putArray("tags");
        a.set("bot", botUser());
        a.set("owner", humanUser());
        a.putNull("team");
        a.putArray("redirect_uris");
        a.put("approximate_guild_count", 1).putNull("interactions_endpoint_url");
        return a;
    }

    // ------------------------------------------------------------------ payload builders

    /** Fields every guild interaction has: id, application_id, token, channel, member, permissions, locale... */
    public ObjectNode interactionBase(int type) {
        String id = snowflake();
        ObjectNode i = NODES.objectNode();
        i.put("id", id).put("application_id", applicationId).put("type", type)
                .put("token", "itok-" + id + "-" + Long.toHexString(Double.doubleToLongBits(Math.random())))
                .put("version", 1).put("guild_id", guildId).put("channel_id", channelId);
        i.putObject("guild").put("id", guildId).put("locale", "en-US").putArray("features");
        ObjectNode channel = channel();
        channel.put("permissions", Long.toString(EVERYONE_PERMISSIONS));
        i.set("channel", channel);
        ObjectNode member = member(humanUser());
        member.put("permissions", Long.toString(EVERYONE_PERMISSIONS));
        i.set("member", member);
        i.put("app_permissions", Long.toString(EVERYONE_PERMISSIONS)).put("locale", "en-US")
                .put("guild_locale", "en-US").put("context", 0).put("attachment_size_limit", 26214400);
        i.putArray("entitlements");
        i.putObject("authorizing_integration_owners").put("0", guildId);
        return i;
    }

    /** A STRING option (type 3). */
    public static ObjectNode stringOption(String name, String value) {
        ObjectNode o = NODES.objectNode();
        o.put("name", name).put("type", 3).put("value", value);
        return o;
    }

    /** A slash command interaction (type 2, CHAT_INPUT) with the given options; resolved may be null. */
    public ObjectNode slashCommand(String name, List<ObjectNode> options, ObjectNode resolved) {
        ObjectNode i = interactionBase(2);
        ObjectNode data = i.putObject("data");
        data.put("id", commandId(name)).put("name", name).put("type", 1);
        ArrayNode opts = data.putArray("options");
        options.forEach(opts::add);
        if (resolved != null) {
            data.set("resolved", resolved);
        }
        return i;
    }

    /** {@code /imagine prompt:<prompt>}. */
    public ObjectNode imagine(String prompt) {
        return slashCommand("imagine", List.of(stringOption("prompt", prompt)), null);
    }

    /**
     * {@code /imagine prompt:<prompt> image:<file>}: an ATTACHMENT option (type 11) whose resolved attachment points at
     * the fake's CDN, which serves the bytes.
     */
    public ObjectNode imagine(String prompt, String filename, byte[] bytes) {
        ObjectNode attachment = uploadToCdn(channelId, filename, bytes);
        ObjectNode image = NODES.objectNode();
        image.put("name", "image").put("type", 11).put("value", attachment.get("id").asText());
        ObjectNode resolved = NODES.objectNode();
        resolved.putObject("attachments").set(attachment.get("id").asText(), attachment);
        return slashCommand("imagine", List.of(stringOption("prompt", prompt), image), resolved);
    }

    /** {@code /NAME SUBCOMMAND options...}: the subcommand is the command's one option (type 1) holding the options. */
    public ObjectNode slashSubcommand(String name, String subcommand, List<ObjectNode> options) {
        ObjectNode sub = NODES.objectNode();
        sub.put("name", subcommand).put("type", 1);
        ArrayNode opts = sub.putArray("options");
        options.forEach(opts::add);
        return slashCommand(name, List.of(sub), null);
    }

    /**
     * An APPLICATION_COMMAND_AUTOCOMPLETE interaction (type 4): the person is typing {@code typed} into the option
     * {@code focused} of {@code /NAME SUBCOMMAND}; the other options so far come as typed. Discord wants a type 8
     * callback with at most 25 choices.
     */
    public ObjectNode autocomplete(String name, String subcommand, String focused, String typed, List<ObjectNode> others) {
        ObjectNode option = stringOption(focused, typed);
        option.put("focused", true);
        List<ObjectNode> options = new ArrayList<>(others);
        options.add(option);
        ObjectNode i = slashSubcommand(name, subcommand, options);
        i.put("type", 4);
        return i;
    }

    /** Moves a guild interaction or message to another channel of the guild (or the thread). */
    public ObjectNode inChannel(ObjectNode payload, String channel) {
        payload.put("channel_id", channel);
        if (payload.has("channel")) { // interactions carry the channel, with the member's permissions in it
            ObjectNode c = channel(channel);
            c.put("permissions", payload.path("member").path("permissions").asText(Long.toString(EVERYONE_PERMISSIONS)));
            payload.set("channel", c);
        }
        return payload;
    }

    /**
     * Gives the human these roles in an interaction or message: the member's role ids, and for an interaction the
     * permissions Discord computes from them (in the member and in the channel).
     */
    public ObjectNode withRoles(ObjectNode payload, String... roleIds) {
        ObjectNode member = (ObjectNode) payload.get("member");
        if (member == null) {
            throw new IllegalArgumentException("no member: a DM has no roles");
        }
        ArrayNode roles = member.putArray("roles");
        for (String id : roleIds) {
            roles.add(id);
        }
        if (member.has("permissions")) {
            String permissions = Long.toString(permissionsOf(List.of(roleIds)));
            member.put("permissions", permissions);
            ((ObjectNode) payload.get("channel")).put("permissions", permissions);
        }
        return payload;
    }

    /** Makes a guild interaction one from the human's DM with the bot: no guild or member, the user, context 1 (BOT_DM). */
    public ObjectNode inDm(ObjectNode interaction) {
        interaction.remove(List.of("guild_id", "guild", "member", "guild_locale"));
        interaction.set("user", humanUser());
        interaction.put("channel_id", dmChannelId).put("context", 1);
        ObjectNode c = NODES.objectNode();
        c.put("id", dmChannelId).put("type", 1).putNull("last_message_id").put("flags", 0).putArray("recipients").add(humanUser());
        interaction.set("channel", c);
        // In DMs: Attach Files, Embed Links, Mention Everyone and, with the app's own bot, Use External Emojis.
        interaction.put("app_permissions", Long.toString((1L << 15) | (1L << 14) | (1L << 17) | (1L << 18)));
        interaction.putObject("authorizing_integration_owners").put("0", "0"); // guild-installed, used in the bot's DM
        return interaction;
    }

    /** A MESSAGE_CREATE from the human in the channel that mentions the bot: {@code "<@BOT> text"}. */
    public ObjectNode mentionMessage(String text) {
        ObjectNode m = NODES.objectNode();
        m.put("id", snowflake()).put("type", 0).put("channel_id", channelId).put("guild_id", guildId);
        m.set("author", humanUser());
        m.set("member", member(null));
        m.put("content", "<@" + botId + "> " + text).put("timestamp", now()).putNull("edited_timestamp")
                .put("tts", false).put("mention_everyone", false).put("pinned", false).put("flags", 0)
                .put("nonce", snowflake());
        ObjectNode mention = botUser();
        mention.set("member", member(null));
        m.putArray("mentions").add(mention);
        m.putArray("mention_roles");
        m.putArray("attachments");
        m.putArray("embeds");
        m.putArray("components");
        return m;
    }

    /** A button click (type 3, component_type 2) on a message the bot sent earlier (it must be stored). */
    public ObjectNode buttonClick(String customId, String messageId) {
        ObjectNode message = messages.get(messageId);
        if (message == null) {
            throw new IllegalArgumentException("no message " + messageId + " (known: " + messages.keySet() + ")");
        }
        ObjectNode i = interactionBase(3);
        i.putObject("data").put("custom_id", customId).put("component_type", 2);
        i.set("message", message.deepCopy());
        return i;
    }

    /** A modal submit (type 5): each entry becomes a Label (type 18) holding a text input (type 4) with that value. */
    public ObjectNode modalSubmit(String customId, Map<String, String> values) {
        ObjectNode i = interactionBase(5);
        ObjectNode data = i.putObject("data");
        data.put("custom_id", customId);
        ArrayNode components = data.putArray("components");
        values.forEach((id, value) -> {
            ObjectNode label = components.addObject();
            label.put("type", 18).put("id", componentIds.incrementAndGet());
            label.putObject("component").put("type", 4).put("id", componentIds.incrementAndGet())
                    .put("custom_id", id).put("value", value);
        });
        return i;
    }

    /** Dispatches an INTERACTION_CREATE (the same as {@code dispatch("INTERACTION_CREATE", interaction)}). */
    public ObjectNode sendInteraction(ObjectNode interaction) {
        dispatch("INTERACTION_CREATE", interaction);
        return interaction;
    }

    private void remember(JsonNode interaction) {
        String token = interaction.path("token").asText();
        channelByToken.put(token, interaction.path("channel_id").asText(channelId));
        interactionTypeByToken.put(token, interaction.path("type").asInt());
        if (interaction.has("message")) {
            originalByToken.put(token + "#component", interaction.get("message").get("id").asText());
        }
    }

    /** Registers bytes on the fake CDN and returns a realistic attachment object pointing at them. */
    public ObjectNode uploadToCdn(String channel, String filename, byte[] bytes) {
        String id = snowflake();
        String path = "/attachments/" + channel + "/" + id + "/" + filename;
        cdn.put(path, bytes);
        ObjectNode a = NODES.objectNode();
        a.put("id", id).put("filename", filename).put("size", bytes.length).put("url", cdnBase() + path)
                .put("proxy_url", cdnBase() + path).put("content_type", contentType(filename));
        int[] size = pngSize(bytes);
        if (size != null) {
            a.put("width", size[0]).put("height", size[1]);
        }
        return a;
    }

    private static String contentType(String filename) {
        String lower = filename.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".png")) {
            return "image/png";
        } else if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return "image/jpeg";
        } else if (lower.endsWith(".webp")) {
            return "image/webp";
        } else if (lower.endsWith(".gif")) {
            return "image/gif";
        } else if (lower.endsWith(".txt")) {
            return "text/plain; charset=utf-8";
        } else if (lower.endsWith(".json")) {
            return "application/json; charset=utf-8";
        }
        return "application/octet-stream";
    }

    private static int[] pngSize(byte[] b) {
        if (b.length >= 24 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return new int[] {readInt(b, 16), readInt(b, 20)};
        }
        return null;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    // ------------------------------------------------------------------ state for tests

    /** A stored message (as the bot created or last edited it), or null. */
    public ObjectNode message(String id) {
        return messages.get(id);
    }

    /** The message id of an interaction's original response, or null before the callback. */
    public String originalMessageId(String interactionToken) {
        return originalByToken.get(interactionToken);
    }

    public List<ObjectNode> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    /** Gateway payloads the client sent (IDENTIFY, heartbeats, presence updates...). */
    public List<JsonNode> gatewayReceived() {
        synchronized (gatewayReceived) {
            return List.copyOf(gatewayReceived);
        }
    }

    public List<RestCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Calls answered 404: what the client asked for that the fake does not know. */
    public List<RestCall> unknownCalls() {
        return calls().stream().filter(c -> c.status() == 404).toList();
    }

    public void clearCalls() {
        synchronized (calls) {
            calls.clear();
        }
    }

    /** How many calls are recorded so far: a mark for {@link #awaitCall(int, Predicate, Duration)}. */
    public int callCount() {
        synchronized (calls) {
            return calls.size();
        }
    }

    /** Waits for a recorded call matching the predicate (including ones already recorded). */
    public RestCall awaitCall(Predicate<RestCall> match, Duration timeout) throws InterruptedException {
        return awaitCall(0, match, timeout);
    }

    /** Waits for a call matching the predicate among the calls recorded at index {@code from} or later. */
    public RestCall awaitCall(int from, Predicate<RestCall> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (calls) {
            while (true) {
                for (int i = from; i < calls.size(); i++) {
                    RestCall c = calls.get(i);
                    if (match.test(c)) {
                        return c;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching REST call within " + timeout + "; recorded:\n  "
                            + String.join("\n  ", calls.stream().map(RestCall::toString).toList()));
                }
                TimeUnit.NANOSECONDS.timedWait(calls, left);
            }
        }
    }

    /** Waits for a call with this method and path pattern ({@code *} = one segment). */
    public RestCall awaitCall(String method, String pathPattern, Duration timeout) throws InterruptedException {
        return awaitCall(c -> c.is(method, pathPattern), timeout);
    }

    /** Waits for a call with this method and path pattern recorded at index {@code from} or later. */
    public RestCall awaitCall(int from, String method, String pathPattern, Duration timeout)
            throws InterruptedException {
        return awaitCall(from, c -> c.is(method, pathPattern), timeout);
    }

    private void record(RestCall call) {
        synchronized (calls) {
            calls.add(call);
            calls.notifyAll();
        }
    }

    // ------------------------------------------------------------------ gateway

    /**
     * Sends a dispatch (op 0) with the next sequence number to the identified session; waits up to 10 s for one.
     * An INTERACTION_CREATE's token is remembered so the callback and webhook routes know its channel and message; a
     * message created, edited or deleted this way is kept (or dropped), so a reply to it carries it as Discord's would.
     */
    public void dispatch(String type, JsonNode d) {
        ServerWebSocket ws = awaitSession(Duration.ofSeconds(10));
        switch (type) {
            case "INTERACTION_CREATE" -> remember(d);
            case "MESSAGE_CREATE", "MESSAGE_UPDATE" -> messages.put(d.path("id").asText(), ((ObjectNode) d).deepCopy());
            case "MESSAGE_DELETE" -> messages.remove(d.path("id").asText());
            default -> { }
        }
        ObjectNode payload = NODES.objectNode();
        payload.put("op", 0).put("t", type).put("s", sequence.incrementAndGet()).set("d", d);
        ws.sendText(payload.toString());
    }

    /** Closes the gateway connection with a code (4000 = unknown error: JDA resumes). */
    public void dropGateway(int code) {
        ServerWebSocket ws = session;
        if (ws != null) {
            ws.close(code);
        }
    }

    private ServerWebSocket awaitSession(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (sessionLock) {
            while (session == null || !session.isOpen()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no identified gateway session");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(sessionLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return session;
        }
    }

    private void serveGateway(Socket socket) {
        ServerWebSocket ws = null;
        try {
            socket.setTcpNoDelay(true);
            String head = WebSocketWire.readHead(socket.getInputStream());
            ws = ServerWebSocket.accept(socket, head);
            if (ws == null) {
                return;
            }
            sockets.add(ws);
            ServerWebSocket conn = ws;
            ws.sendText("{\"op\":10,\"d\":{\"heartbeat_interval\":41250,\"_trace\":[\"fake-discord\"]}}");
            ws.readLoop(text -> onGatewayText(conn, text));
        } catch (IOException e) {
            // client went away
        } finally {
            if (ws != null) {
                ws.close();
                sockets.remove(ws);
            } else {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // gone
                }
            }
        }
    }

    private void onGatewayText(ServerWebSocket ws, String text) {
        JsonNode msg;
        try {
            msg = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            ws.close(4002); // decode error, as Discord does
            return;
        }
        synchronized (gatewayReceived) {
            gatewayReceived.add(msg);
        }
        switch (msg.path("op").asInt(-1)) {
            case 1 -> ws.sendText("{\"op\":11}");
            case 2 -> {
                sequence.set(0);
                ObjectNode readyPayload = NODES.objectNode();
                readyPayload.put("op", 0).put("t", "READY").put("s", sequence.incrementAndGet())
                        .set("d", ready());
                ws.sendText(readyPayload.toString());
                ObjectNode guildPayload = NODES.objectNode();
                guildPayload.put("op", 0).put("t", "GUILD_CREATE").put("s", sequence.incrementAndGet())
                        .set("d", guildCreate());
                ws.sendText(guildPayload.toString());
                becomeSession(ws);
            }
            case 6 -> {
                ObjectNode resumed = NODES.objectNode();
                resumed.put("op", 0).put("t", "RESUMED").put("s", sequence.incrementAndGet()).putObject("d");
                ws.sendText(resumed.toString());
                becomeSession(ws);
            }
            default -> { } // presence (3), voice (4), member requests (8): nothing to answer
        }
    }

    private void becomeSession(ServerWebSocket ws) {
        synchronized (sessionLock) {
            session = ws;
            sessionLock.notifyAll();
        }
    }

    // ------------------------------------------------------------------ REST

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String full = ex.getRequestURI().getPath(); // decoded: JDA sends %40original
            String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
            String method = ex.getRequestMethod();
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (method.equals("GET") && full.startsWith("/attachments/")) {
                byte[] bytes = cdn.get(full);
                if (bytes == null) {
                    respond(ex, 404, null, "Not Found".getBytes(StandardCharsets.UTF_8), "text/plain");
                } else {
                    respond(ex, 200, null, bytes, contentType(full));
                }
                return;
            }
            String contentType = ex.getRequestHeaders().getFirst("Content-Type");
            JsonNode json = MissingNode.getInstance();
            List<RestCall.FilePart> files = new ArrayList<>();
            if (Multipart.isMultipart(contentType)) {
                for (Multipart.Part p : Multipart.parse(contentType, body)) {
                    if ("payload_json".equals(p.name())) {
                        json = JSON.readTree(p.body());
                    } else {
                        files.add(new RestCall.FilePart(p.name(), p.filename(), p.contentType(), p.body()));
                    }
                }
            } else if (body.length > 0) {
                json = JSON.readTree(body);
            }
            String path = full.startsWith("/api/v10/") ? full.substring("/api/v10".length()) : full;
            // Like Discord: bot routes need "Authorization: Bot <token>"; webhooks and interaction callbacks use their own token.
            boolean ownAuth = path.startsWith("/webhooks/") || path.startsWith("/interactions/");
            String authorization = ex.getRequestHeaders().getFirst("Authorization");
            if (full.startsWith("/api/v10/") && !ownAuth && !("Bot " + acceptedToken).equals(authorization)) {
                record(new RestCall(method, path, query, contentType == null ? "" : contentType, json, List.copyOf(files), 401,
                        error("401: Unauthorized", 0)));
                respond(ex, 401, error("401: Unauthorized", 0), null, "application/json");
                return;
            }
            Response r;
            try {
                r = full.startsWith("/api/v10/") ? route(method, path, query, json, files) : null;
            } catch (RuntimeException e) {
                e.printStackTrace();
                r = new Response(500, error("500: Internal Server Error (fake: " + e + ")", 0));
            }
            if (r == null) {
                r = new Response(404, error("404: Not Found", 0));
            }
            record(new RestCall(method, path, query, contentType == null ? "" : contentType, json,
                    List.copyOf(files), r.status, r.body == null ? MissingNode.getInstance() : r.body));
            respond(ex, r.status, r.body, null, "application/json");
        }
    }

    private record Response(int status, JsonNode body) {}

    private static JsonNode error(String message, int code) {
        ObjectNode e = NODES.objectNode();
        e.put("message", message).put("code", code);
        return e;
    }

    /** Discord's 50035 with its nested "errors" object, one field's "_errors" saying what the fake found. */
    private static JsonNode invalidFormBody(String problem) {
        ObjectNode e = (ObjectNode) error("Invalid Form Body", 50035);
        e.putObject("errors").putObject("_fake").putArray("_errors").addObject().put("code", "FAKE_INVALID").put("message", problem);
        return e;
    }

    private static void respond(HttpExchange ex, int status, JsonNode json, byte[] raw, String type)
            throws IOException {
        byte[] bytes = json != null ? JSON.writeValueAsBytes(json) : raw;
        if (status == 204 || bytes == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private Response ok(JsonNode body) {
        return new Response(200, body);
    }

    private static final Response NO_CONTENT = new Response(204, null);

    private Response route(String method, String path, String query, JsonNode json, List<RestCall.FilePart> files) {
        String[] s = path.substring(1).split("/");
        String route = method + " " + String.join("/", s);
        // gateway, self, application
        if (route.equals("GET gateway")) {
            return ok(NODES.objectNode().put("url", gatewayUrl()));
        }
        if (route.equals("GET gateway/bot")) {
            ObjectNode g = NODES.objectNode().put("url", gatewayUrl()).put("shards", 1);
            g.putObject("session_start_limit").put("total", 1000).put("remaining", 999)
                    .put("reset_after", 14400000).put("max_concurrency", 1);
            return ok(g);
        }
        if (route.equals("GET users/@me")) {
            return ok(botUser());
        }
        if (route.equals("GET applications/@me") || route.equals("GET oauth2/applications/@me")) {
            return ok(application());
        }
        if (s.length == 3 && s[0].equals("applications") && s[2].equals("commands")) {
            return commandsRoute(method, json, null);
        }
        if (s.length == 5 && s[0].equals("applications") && s[2].equals("guilds") && s[4].equals("commands")) {
            return commandsRoute(method, json, s[3]);
        }
        // interactions
        if (s.length == 4 && s[0].equals("interactions") && s[3].equals("callback") && method.equals("POST")) {
            return callback(s[1], s[2], query, json, files);
        }
        // interaction webhooks
        if (s.length >= 3 && s[0].equals("webhooks")) {
            return webhook(method, s, json, files);
        }
        // channels
        if (s.length >= 3 && s[0].equals("channels")) {
            String ch = s[1];
            if (s.length == 3 && s[2].equals("typing") && method.equals("POST")) {
                return NO_CONTENT;
            }
            if (s.length == 3 && s[2].equals("messages") && method.equals("POST")) {
                ObjectNode m = newMessage(ch, botUser(), json, files, json.has("message_reference") ? 19 : 0);
                return ok(m);
            }
            if (s.length == 4 && s[2].equals("messages")) {
                ObjectNode m = messages.get(s[3]);
                if (m == null || !m.get("channel_id").asText().equals(ch)) {
                    return new Response(404, error("Unknown Message", 10008));
                }
                switch (method) {
                    case "GET":
                        return ok(m);
                    case "PATCH":
                        return ok(edit(m, json, files));
                    case "DELETE":
                        messages.remove(s[3]);
                        return NO_CONTENT;
                    default:
                        return null;
                }
            }
        }
        return null;
    }

    private Response commandsRoute(String method, JsonNode json, String guild) {
        switch (method) {
            case "PUT": {
                for (JsonNode c : json) {
                    Optional<String> problem = CommandSchema.problem(c);
                    if (problem.isPresent()) { // Discord takes all of the list or none of it
                        return new Response(400, invalidFormBody(problem.get()));
                    }
                }
                ArrayNode out = NODES.arrayNode();
                synchronized (commands) {
                    commands.removeIf(c -> guild == null ? !c.has("guild_id") : guild.equals(c.path("guild_id").asText()));
                    for (JsonNode c : json) {
                        ObjectNode cmd = ((ObjectNode) c).deepCopy();
                        cmd.put("id", commandId(cmd.path("name").asText())).put("application_id", applicationId)
                                .put("version", snowflake());
                        if (!cmd.has("type")) {
                            cmd.put("type", 1);
                        }
                        if (!cmd.has("default_member_permissions")) {
                            cmd.putNull("default_member_permissions");
                        }
                        if (!cmd.has("description")) {
                            cmd.put("description", "");
                        }
                        if (guild != null) {
                            cmd.put("guild_id", guild);
                        }
                        commands.add(cmd);
                        out.add(cmd);
                    }
                }
                return ok(out);
            }
            case "GET": {
                ArrayNode out = NODES.arrayNode();
                commands().stream()
                        .filter(c -> guild == null ? !c.has("guild_id") : guild.equals(c.path("guild_id").asText()))
                        .forEach(out::add);
                return ok(out);
            }
            default:
                return null;
        }
    }

    private final Map<String, String> commandIds = new ConcurrentHashMap<>();

    private String commandId(String name) {
        return commandIds.computeIfAbsent(name, n -> snowflake());
    }

    private Response callback(String interactionId, String token, String query, JsonNode json,
            List<RestCall.FilePart> files) {
        int type = json.path("type").asInt();
        JsonNode data = json.path("data");
        String channel = channelByToken.getOrDefault(token, channelId);
        Optional<String> invalid = CallbackRules.problem(interactionTypeByToken.getOrDefault(token, 2), type, data);
        if (invalid.isPresent()) {
            return new Response(400, invalidFormBody(invalid.get()));
        }
        ObjectNode message = null;
        switch (type) {
            case 4, 5 -> { // CHANNEL_MESSAGE_WITH_SOURCE, DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
                ObjectNode payload = data.isObject() ? ((ObjectNode) data).deepCopy() : NODES.objectNode();
                int flags = payload.path("flags").asInt(0);
                if (type == 5) {
                    payload.put("flags", flags | 128); // LOADING
                }
                message = newMessage(channel, botUser(), payload, files, 20);
                message.put("webhook_id", applicationId).put("application_id", applicationId);
                originalByToken.put(token, message.get("id").asText());
            }
            case 6, 7 -> { // DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE
                String mid = originalByToken.get(token + "#component");
                if (mid == null || !messages.containsKey(mid)) {
                    return new Response(400, error("Interaction has no message to update", 40060));
                }
                originalByToken.put(token, mid);
                if (type == 7) {
                    message = edit(messages.get(mid), data.isObject() ? data : NODES.objectNode(), files);
                }
            }
            case 9, 8, 10, 12 -> { } // MODAL, AUTOCOMPLETE_RESULT, PREMIUM_REQUIRED, LAUNCH_ACTIVITY
            default -> {
                return new Response(400, error("Invalid Form Body (interaction callback type " + type + ")", 50035));
            }
        }
        if (!query.contains("with_response=true")) {
            return NO_CONTENT;
        }
        ObjectNode r = NODES.objectNode();
        ObjectNode interaction = r.putObject("interaction");
        interaction.put("id", interactionId).put("type", interactionTypeByToken.getOrDefault(token, 2))
                .putNull("activity_instance_id");
        String mid = originalByToken.get(token);
        if (mid != null && type != 9) {
            ObjectNode m = messages.get(mid);
            interaction.put("response_message_id", mid)
                    .put("response_message_loading", (m.path("flags").asInt() & 128) != 0)
                    .put("response_message_ephemeral", (m.path("flags").asInt() & 64) != 0);
        }
        ObjectNode resource = r.putObject("resource");
        resource.put("type", type);
        if (message != null) {
            resource.set("message", message);
        }
        return ok(r);
    }

    private Response webhook(String method, String[] s, JsonNode json, List<RestCall.FilePart> files) {
        String token = s[2];
        String channel = channelByToken.getOrDefault(token, channelId);
        if (s.length == 3 && method.equals("POST")) { // follow-up
            ObjectNode m = newMessage(channel, botUser(), json, files, 0);
            m.put("webhook_id", applicationId).put("application_id", applicationId);
            return ok(m);
        }
        if (s.length == 5 && s[3].equals("messages")) {
            String mid = s[4].equals("@original") ? originalByToken.get(token) : s[4];
            ObjectNode m = mid == null ? null : messages.get(mid);
            if (m == null) {
                return new Response(404, error("Unknown Message", 10008));
            }
            switch (method) {
                case "GET":
                    return ok(m);
                case "PATCH":
                    return ok(edit(m, json, files));
                case "DELETE":
                    messages.remove(mid);
                    return NO_CONTENT;
                default:
                    return null;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ messages

    private ObjectNode newMessage(String channel, ObjectNode author, JsonNode payload, List<RestCall.FilePart> files,
            int type) {
        ObjectNode m = NODES.objectNode();
        m.put("id", snowflake()).put("type", type).put("channel_id", channel);
        m.set("author", author);
        m.put("content", "").put("timestamp", now()).putNull("edited_timestamp").put("tts", false)
                .put("mention_everyone", false).put("pinned", false).put("flags", 0);
        m.putArray("mentions");
        m.putArray("mention_roles");
        m.putArray("attachments");
        m.putArray("embeds");
        m.putArray("components");
        apply(m, payload, files);
        m.putNull("edited_timestamp");
        if (payload.has("nonce")) {
            m.set("nonce", payload.get("nonce"));
        }
        if (payload.has("message_reference")) {
            m.set("message_reference", payload.get("message_reference"));
            JsonNode ref = messages.get(payload.get("message_reference").path("message_id").asText());
            if (ref != null) {
                ObjectNode copy = ref.deepCopy();
                copy.remove("referenced_message"); // Discord nests one level only
                m.set("referenced_message", copy);
            }
        }
        messages.put(m.get("id").asText(), m);
        return m;
    }

    private ObjectNode edit(ObjectNode m, JsonNode payload, List<RestCall.FilePart> files) {
        synchronized (m) {
            apply(m, payload, files);
            int flags = m.path("flags").asInt();
            m.put("flags", flags & ~128); // an edit ends "thinking..."
            return m;
        }
    }

    private void apply(ObjectNode m, JsonNode p, List<RestCall.FilePart> files) {
        String channel = m.get("channel_id").asText();
        if (p.has("content")) {
            m.put("content", p.get("content").asText(""));
            ArrayNode mentions = m.putArray("mentions");
            Matcher matcher = MENTION.matcher(m.get("content").asText());
            while (matcher.find()) {
                if (matcher.group(1).equals(botId)) {
                    mentions.add(botUser());
                } else if (matcher.group(1).equals(userId)) {
                    mentions.add(humanUser());
                }
            }
        }
        if (p.has("tts")) {
            m.put("tts", p.get("tts").asBoolean());
        }
        if (p.has("flags")) {
            m.put("flags", p.get("flags").asInt());
        }
        if (p.has("components")) {
            ArrayNode components = p.get("components").deepCopy();
            components.forEach(this::numberComponents);
            m.set("components", components);
        }
        // attachments: entries with an id of a kept attachment stay, entries naming files[n] are uploads
        Map<String, RestCall.FilePart> byIndex = new LinkedHashMap<>();
        for (RestCall.FilePart f : files) {
            Matcher fm = Pattern.compile("files\\[(\\d+)]").matcher(f.name() == null ? "" : f.name());
            byIndex.put(fm.matches() ? fm.group(1) : f.name(), f);
        }
        Map<String, ObjectNode> uploaded = new LinkedHashMap<>(); // filename -> attachment
        if (p.has("attachments") || !files.isEmpty()) {
            ArrayNode old = (ArrayNode) m.get("attachments");
            ArrayNode next = NODES.arrayNode();
            if (p.has("attachments")) {
                for (JsonNode a : p.get("attachments")) {
                    String id = a.path("id").asText();
                    RestCall.FilePart f = byIndex.remove(id);
                    if (f != null) {
                        ObjectNode att = uploadToCdn(channel, a.path("filename").asText(f.filename()), f.bytes());
                        if (a.hasNonNull("description")) {
                            att.put("description", a.get("description").asText());
                        }
                        uploaded.put(att.get("filename").asText(), att);
                        next.add(att);
                    } else {
                        for (JsonNode o : old) {
                            if (o.path("id").asText().equals(id)) {
                                next.add(o);
                            }
                        }
                    }
                }
            } else {
                next.addAll(old);
            }
            for (RestCall.FilePart f : byIndex.values()) { // files without an attachments entry
                ObjectNode att = uploadToCdn(channel, f.filename() == null ? "file" : f.filename(), f.bytes());
                uploaded.put(att.get("filename").asText(), att);
                next.add(att);
            }
            m.set("attachments", next);
        }
        if (p.has("embeds")) {
            ArrayNode embeds = p.get("embeds").deepCopy();
            for (JsonNode e : embeds) {
                ObjectNode embed = (ObjectNode) e;
                if (!embed.has("type")) {
                    embed.put("type", "rich");
                }
                for (String media : List.of("image", "thumbnail")) {
                    JsonNode node = embed.get(media);
                    if (node != null && node.path("url").asText().startsWith("attachment://")) {
                        String name = node.get("url").asText().substring("attachment://".length());
                        ObjectNode att = uploaded.get(name);
                        if (att == null) {
                            for (JsonNode a : m.get("attachments")) {
                                if (a.path("filename").asText().equals(name)) {
                                    att = (ObjectNode) a;
                                }
                            }
                        }
                        if (att != null) {
                            ((ObjectNode) node).put("url", att.get("url").asText())
                                    .put("proxy_url", att.get("proxy_url").asText());
                            if (att.has("width")) {
                                ((ObjectNode) node).put("width", att.get("width").asInt())
                                        .put("height", att.get("height").asInt());
                            }
                        }
                    }
                }
            }
            m.set("embeds", embeds);
        }
        m.put("edited_timestamp", now());
    }

    /** Discord numbers components that come without an id. */
    private void numberComponents(JsonNode c) {
        if (c instanceof ObjectNode o) {
            if (!o.has("id")) {
                o.put("id", componentIds.incrementAndGet());
            }
            for (String child : List.of("components", "items")) {
                if (o.get(child) instanceof ArrayNode a) {
                    a.forEach(this::numberComponents);
                }
            }
            for (String child : List.of("component", "accessory")) {
                if (o.has(child)) {
                    numberComponents(o.get(child));
                }
            }
        }
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void close() {
        try {
            gatewayServer.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(ServerWebSocket::close);
        http.stop(0);
        httpPool.shutdownNow();
    }

    @Override
    public String toString() {
        return "FakeDiscord[rest=" + restBase() + ", gateway=" + gatewayUrl() + ", bot=" + botId + ", guild="
                + guildId + ", channel=" + channelId + "]";
    }
}
