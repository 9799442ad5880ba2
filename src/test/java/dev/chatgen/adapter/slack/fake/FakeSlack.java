package dev.chatgen.adapter.slack.fake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.SlackConfig;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chatgen.testing.ServerWebSocket;
import dev.chatgen.testing.WebSocketWire;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Slack workspace on loopback for tests, driven by the real Slack Java SDK: the Web API under {@link #apiBase()}
 * ({@code SlackConfig#setMethodsEndpointUrlPrefix}, see {@link #slackConfig()}), file hosting ({@code url_private},
 * upload URLs) and Socket Mode (the URL {@code apps.connections.open} hands out).
 *
 * <p>One workspace ({@value #TEAM_ID}, domain {@value #TEAM_DOMAIN}), the bot ({@value #BOT_USER_ID} /
 * {@value #BOT_ID}, token {@value #BOT_TOKEN}, app token {@value #APP_TOKEN}), humans added with {@link #addUser}
 * (each with a DM channel {@code "D" + id}) and channels added with {@link #addChannel}. Answers are HTTP 200 with
 * {@code {"ok":true,...}} or {@code {"ok":false,"error":"..."}} as Slack's; {@link #failNext} and
 * {@link #rateLimitNext} inject faults. Calls are recorded ({@link #calls()}, {@link #awaitCall}); what people would
 * see is in {@link #messages} and {@link #thread}. Socket Mode: {@link #socketEnvelope} delivers, {@link #awaitAck}
 * waits for the app's ack, {@link #disconnectSocket} makes the client reconnect as Slack does every few hours.
 */
public final class FakeSlack implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public static final String TEAM_ID = "T0001";
    public static final String TEAM_DOMAIN = "fake";
    public static final String TEAM_NAME = "Fake";
    public static final String APP_ID = "A0001";
    public static final String BOT_USER_ID = "UBOT";
    public static final String BOT_ID = "BBOT";
    public static final String BOT_NAME = "chatgen";
    public static final String BOT_TOKEN = "xoxb-test";
    public static final String APP_TOKEN = "xapp-test";
    /** The deprecated verification token Slack puts in payloads. */
    public static final String VERIFICATION_TOKEN = "fake-verification-token";
    public static final int MAX_TEXT = 40_000;

    private static final Set<String> METHODS = Set.of("auth.test", "chat.postMessage", "chat.update", "chat.delete",
            "conversations.replies", "conversations.history", "users.info", "files.getUploadURLExternal", "files.completeUploadExternal",
            "files.delete", "files.info", "apps.connections.open");
    /**
     * What an app-level token may call: apps.connections.open, and auth.test (the SDK itself calls auth.test with every
     * new token, the app token included, to learn the team id for its metrics).
     */
    private static final Set<String> APP_TOKEN_METHODS = Set.of("apps.connections.open", "auth.test");
    private static final String LOGIN_PAGE = "<!DOCTYPE html><html lang=\"en-US\"><head><meta charset=\"utf-8\">"
            + "<title>Slack</title></head><body><div id=\"page\"><h1>Sign in to " + TEAM_NAME + "</h1>"
            + "<p>" + TEAM_DOMAIN + ".slack.com</p><form id=\"signin_form\" action=\"/\" method=\"post\">"
            + "<input type=\"email\" name=\"email\"><input type=\"password\" name=\"password\">"
            + "<button type=\"submit\">Sign in</button></form></div></body></html>";

    // ------------------------------------------------------------------ state

    private static final class User {
        final String id;
        final String name;
        final boolean admin;
        final boolean owner;
        final boolean bot;

        User(String id, String name, boolean admin, boolean owner, boolean bot) {
            this.id = id;
            this.name = name;
            this.admin = admin;
            this.owner = owner;
            this.bot = bot;
        }
    }

    private static final class Channel {
        final String id;
        final String name;
        final boolean im;
        final String imUser;
        volatile boolean botMember;
        final List<Msg> messages = new ArrayList<>();

        Channel(String id, String name, boolean im, String imUser, boolean botMember) {
            this.id = id;
            this.name = name;
            this.im = im;
            this.imUser = imUser;
            this.botMember = botMember;
        }

        String type() {
            return im ? "im" : "channel";
        }
    }

    private static final class Msg {
        String ts;
        String threadTs;
        String user;
        String botId;
        String text = "";
        String clientMsgId;
        JsonNode blocks;
        JsonNode attachments;
        JsonNode metadata;
        ObjectNode edited;
        boolean upload;
        boolean tombstone;
        final List<String> fileIds = new ArrayList<>();
    }

    private static final class FileEntry {
        String id;
        String name;
        String title;
        String mimetype;
        String filetype;
        String user;
        String uploadKey;
        String altTxt;
        long declaredLength = -1;
        long created;
        byte[] bytes;
        boolean completed;
        boolean deleted;
        /** channel id -> ts of the messages sharing it. */
        final Map<String, List<String>> shares = new LinkedHashMap<>();
    }

    /** A POST to a response_url (slash commands, block actions). */
    public record ResponseUrlPost(String url, String contentType, String body, JsonNode json) {
    }

    private final Object lock = new Object();
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Map<String, FileEntry> files = new LinkedHashMap<>();
    private final AtomicLong fileCounter = new AtomicLong();
    private long lastTsMicros;

    private final List<SlackCall> calls = new ArrayList<>();
    private final Map<String, Deque<ObjectNode>> injectedErrors = new HashMap<>();
    private final Map<String, Deque<Integer>> injectedRateLimits = new HashMap<>();

    private final List<ResponseUrlPost> responseUrlPosts = new ArrayList<>();
    private final AtomicInteger responseUrlCounter = new AtomicInteger();

    private final HttpServer http;
    private final ExecutorService httpPool;
    private final ServerSocket socketServer;
    private final Set<String> tickets = ConcurrentHashMap.newKeySet();
    private final List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
    private final Object socketLock = new Object();
    private int socketConnections;
    private final List<JsonNode> socketReceived = new ArrayList<>();
    private final Map<String, JsonNode> acks = new LinkedHashMap<>();

    public FakeSlack() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        http = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        httpPool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-slack-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(httpPool);
        http.createContext("/", this::handle);
        http.start();
        socketServer = new ServerSocket(0, 50, loopback);
        ServerWebSocket.acceptAll(socketServer, "fake-slack-socket-mode", this::serveSocket);
        users.put(BOT_USER_ID, new User(BOT_USER_ID, BOT_NAME, false, false, true));
    }

    // ------------------------------------------------------------------ addresses

    /** {@code http://127.0.0.1:PORT}: upload URLs, url_private, response_url live here. */
    public String baseUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** The Web API prefix, {@code http://127.0.0.1:PORT/api/}, for {@code SlackConfig#setMethodsEndpointUrlPrefix}. */
    public String apiBase() {
        return baseUrl() + "/api/";
    }

    /** A fresh SDK config pointed at this fake (methods only; Socket Mode comes from apps.connections.open). */
    public SlackConfig slackConfig() {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(apiBase());
        return config;
    }

    private String socketBase() {
        return "ws://127.0.0.1:" + socketServer.getLocalPort();
    }

    // ------------------------------------------------------------------ workspace setup

    /** Adds a human (and their DM channel with the bot, {@code "D" + id}). */
    public FakeSlack addUser(String id, String name, boolean admin, boolean owner) {
        synchronized (lock) {
            users.put(id, new User(id, name, admin, owner, false));
            channels.put(dmChannel(id), new Channel(dmChannel(id), null, true, id, true));
        }
        return this;
    }

    /** Adds a public channel; a bot that is no member gets {@code not_in_channel} when it posts there. */
    public FakeSlack addChannel(String id, String name, boolean botIsMember) {
        synchronized (lock) {
            channels.put(id, new Channel(id, name, false, null, botIsMember));
        }
        return this;
    }

    /** Adds or removes the bot from a channel (as /invite and /remove would). */
    public void setBotMember(String channel, boolean member) {
        synchronized (lock) {
            channel(channel).botMember = member;
        }
    }

    /** The DM channel of a user with the bot. */
    public static String dmChannel(String userId) {
        return "D" + userId;
    }

    private Channel channel(String id) {
        Channel c = channels.get(id);
        if (c == null) {
            throw new IllegalArgumentException("no channel " + id + " (known: " + channels.keySet() + ")");
        }
        return c;
    }

    // ------------------------------------------------------------------ people's actions

    /** A human posts a message (threadTs may be null); returns its ts. Deliver its event with {@link #messageEvent}. */
    public String postedAsUser(String userId, String channel, String text, String threadTs) {
        return postedAsUser(userId, channel, text, threadTs, List.of());
    }

    /** A human posts a message with files already held by the fake (see {@link #addPrivateFile}); returns its ts. */
    public String postedAsUser(String userId, String channel, String text, String threadTs, List<SlackFile> shared) {
        synchronized (lock) {
            if (!users.containsKey(userId)) {
                throw new IllegalArgumentException("no user " + userId);
            }
            Channel ch = channel(channel);
            Msg m = new Msg();
            m.ts = nextTs();
            m.user = userId;
            m.text = text;
            m.clientMsgId = UUID.randomUUID().toString();
            m.blocks = SlackPayloads.richTextBlocks(text);
            if (threadTs != null) {
                m.threadTs = rootOf(ch, threadTs);
            }
            for (SlackFile f : shared) {
                FileEntry e = files.get(f.id());
                e.completed = true;
                e.shares.computeIfAbsent(ch.id, k -> new ArrayList<>()).add(m.ts);
                m.fileIds.add(f.id());
            }
            ch.messages.add(m);
            return m.ts;
        }
    }

    /** A human edits their message; returns the {@code message_changed} event to deliver. */
    public ObjectNode editedAsUser(String channel, String ts, String newText) {
        synchronized (lock) {
            Channel ch = channel(channel);
            Msg m = find(ch, ts).orElseThrow(() -> new IllegalArgumentException("no message " + ts));
            ObjectNode before = render(ch, m, true);
            m.text = newText;
            m.blocks = SlackPayloads.richTextBlocks(newText);
            String eventTs = nextTs();
            m.edited = NODES.objectNode().put("user", m.user).put("ts", eventTs);
            return SlackPayloads.messageChanged(ch.id, ch.type(), render(ch, m, true), before, eventTs);
        }
    }

    /** A human deletes their message; returns the {@code message_deleted} event to deliver. */
    public ObjectNode deletedAsUser(String channel, String ts) {
        synchronized (lock) {
            Channel ch = channel(channel);
            Msg m = find(ch, ts).orElseThrow(() -> new IllegalArgumentException("no message " + ts));
            ObjectNode before = render(ch, m, true);
            remove(ch, m);
            return SlackPayloads.messageDeleted(ch.id, ch.type(), ts, before, nextTs());
        }
    }

    /**
     * A file a user uploaded privately (not shared yet): returns it with its {@code url_private} and the Slack file
     * object; share it with {@link #postedAsUser(String, String, String, String, List)}.
     */
    public SlackFile addPrivateFile(String ownerUserId, String name, String mimetype, byte[] bytes) {
        synchronized (lock) {
            FileEntry f = newFile(ownerUserId, name, name);
            f.mimetype = mimetype;
            f.bytes = bytes.clone();
            f.declaredLength = bytes.length;
            return view(f);
        }
    }

    // ------------------------------------------------------------------ events and payloads from the state

    /** The {@code message} event of a stored message (a human's, usually), with channel_type "channel" or "im". */
    public ObjectNode messageEvent(String channel, String ts) {
        synchronized (lock) {
            Channel ch = channel(channel);
            Msg m = find(ch, ts).orElseThrow(() -> new IllegalArgumentException("no message " + ts));
            return SlackPayloads.messageEvent(render(ch, m, false), ch.id, ch.type());
        }
    }

    /** The {@code app_mention} event of a stored message (its text should mention {@code <@UBOT>}). */
    public ObjectNode appMentionEvent(String channel, String ts) {
        synchronized (lock) {
            Channel ch = channel(channel);
            Msg m = find(ch, ts).orElseThrow(() -> new IllegalArgumentException("no message " + ts));
            return SlackPayloads.appMentionEvent(render(ch, m, false), ch.id);
        }
    }

    /** A slash command by a user in a channel, its response_url pointing at this fake (see {@link #responseUrlPosts}). */
    public ObjectNode slashCommand(String userId, String channel, String command, String text) {
        synchronized (lock) {
            Channel ch = channel(channel);
            return SlackPayloads.slashCommand(userId, users.get(userId).name, ch.id,
                    ch.im ? "directmessage" : ch.name, command, text, newResponseUrl("commands"));
        }
    }

    /** A click by a user on the button with this action_id in a stored message; response_url points at this fake. */
    public ObjectNode blockActions(String userId, String channel, String messageTs, String actionId) {
        synchronized (lock) {
            Channel ch = channel(channel);
            Msg m = find(ch, messageTs).orElseThrow(() -> new IllegalArgumentException("no message " + messageTs));
            if (m.blocks != null) {
                for (JsonNode block : m.blocks) {
                    List<JsonNode> elements = new ArrayList<>();
                    block.path("elements").forEach(elements::add);
                    if (block.has("accessory")) {
                        elements.add(block.get("accessory"));
                    }
                    for (JsonNode e : elements) {
                        if (actionId.equals(e.path("action_id").asText(null))) {
                            return SlackPayloads.blockActions(userId, users.get(userId).name, ch.id,
                                    ch.im ? "directmessage" : ch.name, render(ch, m, false),
                                    block.path("block_id").asText(), e, newResponseUrl("actions"));
                        }
                    }
                }
            }
            throw new IllegalArgumentException("no element with action_id " + actionId + " in message " + messageTs);
        }
    }

    /** A new response_url on this fake: {@code http://127.0.0.1:PORT/<kind>/respond/<n>}. */
    public String newResponseUrl(String kind) {
        return baseUrl() + "/" + kind + "/respond/" + responseUrlCounter.incrementAndGet();
    }

    // ------------------------------------------------------------------ state for tests

    /** Every message of a channel, replies included, in ts order. */
    public List<PostedMessage> messages(String channel) {
        synchronized (lock) {
            Channel ch = channel(channel);
            return ch.messages.stream().map(m -> view(ch, m)).toList();
        }
    }

    /** A thread: its root, then its replies in order (empty when the root is unknown). */
    public List<PostedMessage> thread(String channel, String threadTs) {
        synchronized (lock) {
            Channel ch = channel(channel);
            return threadOf(ch, threadTs).stream().map(m -> view(ch, m)).toList();
        }
    }

    /** One message, or null. */
    public PostedMessage message(String channel, String ts) {
        synchronized (lock) {
            Channel ch = channel(channel);
            return find(ch, ts).map(m -> view(ch, m)).orElse(null);
        }
    }

    /** A file the fake holds (uploaded, announced or private), or null. */
    public SlackFile file(String id) {
        synchronized (lock) {
            FileEntry f = files.get(id);
            return f == null ? null : view(f);
        }
    }

    public List<SlackCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Calls of methods this fake does not know (answered {@code unknown_method}). */
    public List<SlackCall> unknownCalls() {
        return calls().stream().filter(c -> "unknown_method".equals(c.error())).toList();
    }

    /** How many calls are recorded so far: a mark for {@link #awaitCall(int, String, Predicate, Duration)}. */
    public int callCount() {
        synchronized (calls) {
            return calls.size();
        }
    }

    public void clearCalls() {
        synchronized (calls) {
            calls.clear();
        }
    }

    /** Waits for a call of this method matching the predicate, already recorded or not. */
    public SlackCall awaitCall(String method, Predicate<SlackCall> match, Duration timeout)
            throws InterruptedException {
        return awaitCall(0, method, match, timeout);
    }

    /** Waits for a call of this method (any arguments). */
    public SlackCall awaitCall(String method, Duration timeout) throws InterruptedException {
        return awaitCall(0, method, c -> true, timeout);
    }

    /** Waits for a call of this method matching the predicate among those recorded at index {@code from} or later. */
    public SlackCall awaitCall(int from, String method, Predicate<SlackCall> match, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (calls) {
            while (true) {
                for (int i = from; i < calls.size(); i++) {
                    SlackCall c = calls.get(i);
                    if (c.method().equals(method) && match.test(c)) {
                        return c;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching " + method + " call within " + timeout + "; recorded:\n  "
                            + String.join("\n  ", calls.stream().map(SlackCall::toString).toList()));
                }
                TimeUnit.NANOSECONDS.timedWait(calls, left);
            }
        }
    }

    private void record(SlackCall call) {
        synchronized (calls) {
            calls.add(call);
            calls.notifyAll();
        }
    }

    /** What was POSTed to response_urls, in order. */
    public List<ResponseUrlPost> responseUrlPosts() {
        synchronized (responseUrlPosts) {
            return List.copyOf(responseUrlPosts);
        }
    }

    /** Waits for a POST to this response_url. */
    public ResponseUrlPost awaitResponseUrlPost(String responseUrl, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (responseUrlPosts) {
            while (true) {
                for (ResponseUrlPost p : responseUrlPosts) {
                    if (p.url().equals(responseUrl)) {
                        return p;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no POST to " + responseUrl + " within " + timeout + "; got "
                            + responseUrlPosts);
                }
                TimeUnit.NANOSECONDS.timedWait(responseUrlPosts, left);
            }
        }
    }

    // ------------------------------------------------------------------ fault injection

    /** The next call of the method answers {@code {"ok":false,"error":error}} (queued: one per call). */
    public void failNext(String method, String error) {
        synchronized (injectedErrors) {
            injectedErrors.computeIfAbsent(method, k -> new ArrayDeque<>()).add(errorBody(error));
        }
    }

    /** The next call of the method answers HTTP 429 with {@code Retry-After: seconds}, as Slack rate limits. */
    public void rateLimitNext(String method, int retryAfterSeconds) {
        synchronized (injectedErrors) {
            injectedRateLimits.computeIfAbsent(method, k -> new ArrayDeque<>()).add(retryAfterSeconds);
        }
    }

    /** The next call of the method waits, before it is answered, until {@link #release} (or 60 s). */
    public void holdNext(String method) {
        holds.put(method, new Hold());
    }

    /** Whether a call of the method is waiting in a hold now. */
    public boolean isHolding(String method) {
        Hold h = holds.get(method);
        return h != null && h.waiting.getCount() == 0 && h.release.getCount() == 1;
    }

    /** Lets the held call go on. */
    public void release(String method) {
        Hold h = holds.remove(method);
        if (h != null) {
            h.release.countDown();
        }
    }

    private static final class Hold {
        final java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicBoolean taken = new java.util.concurrent.atomic.AtomicBoolean();
    }

    private final Map<String, Hold> holds = new ConcurrentHashMap<>();

    private void holdIfAsked(String method) {
        Hold h = holds.get(method);
        if (h != null && h.taken.compareAndSet(false, true)) {
            h.waiting.countDown();
            try {
                h.release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------ Socket Mode

    /**
     * Sends an envelope ({@code events_api}, {@code slash_commands}, {@code interactive}) to the newest open Socket Mode
     * connection (waiting up to 10 s for one); returns its envelope_id. {@code accepts_response_payload} is true except
     * for events_api, as with Slack.
     */
    public String socketEnvelope(String type, String payloadJson) {
        JsonNode payload;
        try {
            payload = JSON.readTree(payloadJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload is no JSON: " + payloadJson, e);
        }
        return socketEnvelope(type, payload);
    }

    public String socketEnvelope(String type, JsonNode payload) {
        String id = UUID.randomUUID().toString();
        ObjectNode envelope = NODES.objectNode();
        envelope.put("envelope_id", id).set("payload", payload);
        envelope.put("type", type).put("accepts_response_payload", !type.equals("events_api"))
                .put("retry_attempt", 0).put("retry_reason", "");
        awaitSocket(Duration.ofSeconds(10)).sendText(envelope.toString());
        return id;
    }

    /** Waits for the app's ack of an envelope ({@code {"envelope_id":"...","payload":{...}}}) and returns it. */
    public JsonNode awaitAck(String envelopeId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (socketLock) {
            while (!acks.containsKey(envelopeId)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no ack of " + envelopeId + " within " + timeout + "; received "
                            + socketReceived);
                }
                TimeUnit.NANOSECONDS.timedWait(socketLock, left);
            }
            return acks.get(envelopeId);
        }
    }

    /**
     * Sends {@code {"type":"disconnect","reason":"refresh_requested"}} on the open connections and closes them, as
     * Slack does every few hours; the SDK answers with apps.connections.open and a new connection.
     */
    public void disconnectSocket() {
        for (ServerWebSocket ws : sockets) {
            if (ws.isOpen()) {
                ws.sendText("{\"type\":\"disconnect\",\"reason\":\"refresh_requested\","
                        + "\"debug_info\":{\"host\":\"applink-fake-1\"}}");
                ws.close(1000);
            }
        }
    }

    /** How many Socket Mode connections were opened (each greeted with hello), over the fake's life. */
    public int socketConnections() {
        synchronized (socketLock) {
            return socketConnections;
        }
    }

    /** Waits until at least n connections were opened and one is open now. */
    public void awaitSocketConnections(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (socketLock) {
            while (socketConnections < n || openSocket().isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("only " + socketConnections + " Socket Mode connections within "
                            + timeout);
                }
                TimeUnit.NANOSECONDS.timedWait(socketLock, left);
            }
        }
    }

    /** Pings the newest open connection; true when its pong comes back in time. */
    public boolean pingSocket(Duration timeout) throws InterruptedException {
        ServerWebSocket ws = awaitSocket(timeout);
        int before = ws.pongsReceived();
        ws.sendPing("fake-slack".getBytes(StandardCharsets.US_ASCII));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ws.pongsReceived() == before) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Every JSON text the app sent over Socket Mode (acks). */
    public List<JsonNode> socketReceived() {
        synchronized (socketLock) {
            return List.copyOf(socketReceived);
        }
    }

    private Optional<ServerWebSocket> openSocket() {
        for (int i = sockets.size() - 1; i >= 0; i--) {
            if (sockets.get(i).isOpen()) {
                return Optional.of(sockets.get(i));
            }
        }
        return Optional.empty();
    }

    private ServerWebSocket awaitSocket(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (socketLock) {
            while (openSocket().isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no open Socket Mode connection");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(socketLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return openSocket().get();
        }
    }

    private void serveSocket(Socket socket) {
        ServerWebSocket ws = null;
        try {
            socket.setTcpNoDelay(true);
            String head = WebSocketWire.readHead(socket.getInputStream());
            String[] requestLine = head.split("\r\n", 2)[0].split(" ");
            String target = requestLine.length > 1 ? requestLine[1] : "";
            Matcher m = Pattern.compile("^/link/?\\?(?:.*&)?ticket=([^&]+).*").matcher(target);
            if (!m.matches() || !tickets.remove(m.group(1))) {
                ServerWebSocket.refuse(socket, 401, "Unauthorized", "invalid or used ticket: " + target);
                return;
            }
            Optional<String> accept = WebSocketWire.acceptFor(head);
            if (accept.isEmpty()) {
                ServerWebSocket.refuse(socket, 400, "Bad Request", "not a WebSocket upgrade");
                return;
            }
            ws = ServerWebSocket.upgrade(socket, accept.get());
            ServerWebSocket conn = ws;
            synchronized (socketLock) {
                sockets.add(ws);
                ws.sendText("{\"type\":\"hello\",\"num_connections\":" + sockets.stream().filter(ServerWebSocket::isOpen).count()
                        + ",\"debug_info\":{\"host\":\"applink-fake-1\",\"build_number\":1,"
                        + "\"approximate_connection_time\":18060},\"connection_info\":{\"app_id\":\"" + APP_ID + "\"}}");
                socketConnections++;
                socketLock.notifyAll();
            }
            ws.readLoop(text -> onSocketText(conn, text));
        } catch (IOException e) {
            // the client went away
        } finally {
            if (ws != null) {
                ws.close();
                sockets.remove(ws);
                synchronized (socketLock) {
                    socketLock.notifyAll();
                }
            } else {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // gone
                }
            }
        }
    }

    private void onSocketText(ServerWebSocket ws, String text) {
        JsonNode msg;
        try {
            msg = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            msg = NODES.textNode(text);
        }
        synchronized (socketLock) {
            socketReceived.add(msg);
            if (msg.hasNonNull("envelope_id")) {
                acks.put(msg.get("envelope_id").asText(), msg);
            }
            socketLock.notifyAll();
        }
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            try {
                if (path.startsWith("/api/")) {
                    api(ex, path.substring("/api/".length()), body);
                } else if (path.startsWith("/upload/v1/") && ex.getRequestMethod().equals("POST")) {
                    upload(ex, path.substring("/upload/v1/".length()), body);
                } else if (path.startsWith("/files-pri/") && ex.getRequestMethod().equals("GET")) {
                    download(ex, path);
                } else if (path.matches("/[a-z]+/respond/\\d+") && ex.getRequestMethod().equals("POST")) {
                    responseUrl(ex, body);
                } else {
                    respond(ex, 404, "text/plain", "Not Found".getBytes(StandardCharsets.UTF_8), Map.of());
                }
            } catch (RuntimeException e) {
                e.printStackTrace();
                respond(ex, 500, "text/plain", ("fake: " + e).getBytes(StandardCharsets.UTF_8), Map.of());
            }
        }
    }

    private static void respond(HttpExchange ex, int status, String type, byte[] bytes, Map<String, String> headers)
            throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private void api(HttpExchange ex, String method, byte[] body) throws IOException {
        holdIfAsked(method);
        Map<String, String> params = new LinkedHashMap<>();
        parseForm(ex.getRequestURI().getRawQuery(), params);
        String contentType = Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type")).orElse("")
                .toLowerCase(Locale.ROOT);
        boolean badJson = false;
        if (contentType.startsWith("application/json")) {
            JsonNode json = NODES.objectNode();
            try {
                json = body.length > 0 ? JSON.readTree(body) : json;
            } catch (JsonProcessingException e) {
                badJson = true;
            }
            if (json != null && json.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> f = it.next();
                    JsonNode v = f.getValue();
                    if (!v.isNull()) {
                        params.put(f.getKey(), v.isValueNode() ? v.asText() : v.toString());
                    }
                }
            }
        } else if (body.length > 0 && !contentType.startsWith("multipart/")) {
            parseForm(new String(body, StandardCharsets.UTF_8), params);
        }
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        String token = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length()).strip() : params.get("token");
        params.remove("token");

        int status = 200;
        Map<String, String> headers = new LinkedHashMap<>();
        ObjectNode answer;
        Integer retryAfter = null;
        ObjectNode injected = null;
        if (METHODS.contains(method) && token != null && (token.equals(BOT_TOKEN) || token.equals(APP_TOKEN))) {
            synchronized (injectedErrors) {
                Deque<Integer> limits = injectedRateLimits.get(method);
                retryAfter = limits == null ? null : limits.poll();
                if (retryAfter == null) {
                    Deque<ObjectNode> errors = injectedErrors.get(method);
                    injected = errors == null ? null : errors.poll();
                }
            }
        }
        if (!METHODS.contains(method)) {
            answer = errorBody("unknown_method");
        } else if (badJson) {
            answer = errorBody("invalid_json");
        } else if (token == null || token.isEmpty()) {
            answer = errorBody("not_authed");
        } else if (!token.equals(BOT_TOKEN) && !token.equals(APP_TOKEN)) {
            answer = errorBody("invalid_auth");
        } else if (retryAfter != null) {
            status = 429;
            headers.put("Retry-After", Integer.toString(retryAfter));
            answer = errorBody("ratelimited");
        } else if (injected != null) {
            answer = injected;
        } else if (token.equals(APP_TOKEN) ? !APP_TOKEN_METHODS.contains(method)
                : method.equals("apps.connections.open")) {
            answer = errorBody("not_allowed_token_type");
        } else if (method.equals("auth.test") && token.equals(APP_TOKEN)) {
            answer = ok().put("url", "https://" + TEAM_DOMAIN + ".slack.com/").put("team", TEAM_NAME)
                    .put("team_id", TEAM_ID).put("app_id", APP_ID).put("is_enterprise_install", false);
        } else {
            synchronized (lock) {
                answer = dispatch(method, params);
            }
        }
        record(new SlackCall(method, token, Collections.unmodifiableMap(params), Instant.now(), status, answer));
        respond(ex, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(answer), headers);
    }

    private static void parseForm(String raw, Map<String, String> into) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(k, v);
        }
    }

    private static ObjectNode errorBody(String error) {
        return NODES.objectNode().put("ok", false).put("error", error);
    }

    private static ObjectNode ok() {
        return NODES.objectNode().put("ok", true);
    }

    // ------------------------------------------------------------------ Web API methods (under lock)

    private ObjectNode dispatch(String method, Map<String, String> p) {
        return switch (method) {
            case "auth.test" -> authTest();
            case "chat.postMessage" -> postMessage(p);
            case "chat.update" -> update(p);
            case "chat.delete" -> delete(p);
            case "conversations.replies" -> replies(p);
            case "conversations.history" -> history(p);
            case "users.info" -> usersInfo(p);
            case "files.getUploadURLExternal" -> getUploadUrl(p);
            case "files.completeUploadExternal" -> completeUpload(p);
            case "files.info" -> filesInfo(p);
            case "files.delete" -> filesDelete(p);
            case "apps.connections.open" -> connectionsOpen();
            default -> errorBody("unknown_method");
        };
    }

    private ObjectNode authTest() {
        return ok().put("url", "https://" + TEAM_DOMAIN + ".slack.com/").put("team", TEAM_NAME).put("user", BOT_NAME)
                .put("team_id", TEAM_ID).put("user_id", BOT_USER_ID).put("bot_id", BOT_ID)
                .put("is_enterprise_install", false);
    }

    /** The channel a chat method names: an id, a name ("#general" or "general") or a user id (their DM). */
    private Channel resolve(String channel) {
        if (channel == null || channel.isEmpty()) {
            return null;
        }
        Channel c = channels.get(channel);
        if (c != null) {
            return c;
        }
        if (users.containsKey(channel) && channels.containsKey(dmChannel(channel))) {
            return channels.get(dmChannel(channel));
        }
        String name = channel.startsWith("#") ? channel.substring(1) : channel;
        return channels.values().stream().filter(x -> name.equals(x.name)).findFirst().orElse(null);
    }

    /** An argument Slack refuses, with the answer to give. */
    /** A message's blocks, attachments and metadata as posted (each null when absent). */
    private record Content(JsonNode blocks, JsonNode attachments, JsonNode metadata) {
    }

    /** The message content of chat.postMessage or chat.update, or the Bad answer Slack gives for the first malformed part. */
    private static Object content(Map<String, String> p) {
        Object blocks = blocksArg(p.get("blocks"));
        if (blocks instanceof Bad) {
            return blocks;
        }
        Object attachments = jsonArg(p.get("attachments"), "invalid_attachments");
        if (attachments instanceof Bad) {
            return attachments;
        }
        Object metadata = jsonArg(p.get("metadata"), "invalid_metadata_format");
        if (metadata instanceof Bad) {
            return metadata;
        }
        return new Content((JsonNode) blocks, (JsonNode) attachments, (JsonNode) metadata);
    }

    private record Bad(ObjectNode answer) {
    }

    /** Parses and checks a blocks argument: null when absent, else the blocks or a {@link Bad}. */
    private static Object blocksArg(String raw) {
        if (raw == null) {
            return null;
        }
        JsonNode blocks;
        try {
            blocks = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            return new Bad(errorBody("invalid_blocks_format"));
        }
        if (blocks == null || !blocks.isArray()) {
            return new Bad(errorBody("invalid_blocks_format"));
        }
        List<String> problems = BlockKitRules.check(blocks);
        if (!problems.isEmpty()) {
            ObjectNode e = errorBody("invalid_blocks");
            ArrayNode errors = e.putArray("errors");
            ArrayNode messages = e.putObject("response_metadata").putArray("messages");
            for (String problem : problems) {
                errors.add(problem);
                messages.add("[ERROR] " + problem);
            }
            return new Bad(e);
        }
        return blocks;
    }

    private static Object jsonArg(String raw, String errorIfBad) {
        if (raw == null) {
            return null;
        }
        try {
            return JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            return new Bad(errorBody(errorIfBad));
        }
    }

    private ObjectNode postMessage(Map<String, String> p) {
        Channel ch = resolve(p.get("channel"));
        if (ch == null) {
            return errorBody("channel_not_found");
        }
        if (!ch.im && !ch.botMember) {
            return errorBody("not_in_channel");
        }
        Object parsed = content(p);
        if (parsed instanceof Bad b) {
            return b.answer();
        }
        Content c = (Content) parsed;
        JsonNode blocks = c.blocks();
        JsonNode attachments = c.attachments();
        JsonNode metadata = c.metadata();
        String text = p.getOrDefault("text", "");
        if (text.isEmpty() && blocks == null && attachments == null) {
            return errorBody("no_text");
        }
        if (text.length() > MAX_TEXT) {
            return errorBody("msg_too_long");
        }
        Msg m = new Msg();
        m.ts = nextTs();
        m.user = BOT_USER_ID;
        m.botId = BOT_ID;
        m.text = text;
        m.blocks = blocks;
        m.attachments = attachments;
        m.metadata = metadata;
        String threadTs = p.get("thread_ts");
        if (threadTs != null && !threadTs.isEmpty()) {
            m.threadTs = rootOf(ch, threadTs);
        }
        ch.messages.add(m);
        ObjectNode r = ok().put("channel", ch.id).put("ts", m.ts);
        r.set("message", render(ch, m, true));
        return r;
    }

    private ObjectNode update(Map<String, String> p) {
        Channel ch = resolve(p.get("channel"));
        if (ch == null) {
            return errorBody("channel_not_found");
        }
        Optional<Msg> found = find(ch, p.get("ts"));
        if (found.isEmpty() || found.get().tombstone) {
            return errorBody("message_not_found");
        }
        Msg m = found.get();
        if (!BOT_ID.equals(m.botId)) {
            return errorBody("cant_update_message");
        }
        Object parsed = content(p);
        if (parsed instanceof Bad b) {
            return b.answer();
        }
        Content c = (Content) parsed;
        JsonNode blocks = c.blocks();
        JsonNode attachments = c.attachments();
        JsonNode metadata = c.metadata();
        String text = p.get("text");
        if ((text == null || text.isEmpty()) && blocks == null && attachments == null && m.fileIds.isEmpty()) {
            return errorBody("no_text");
        }
        if (text != null && text.length() > MAX_TEXT) {
            return errorBody("msg_too_long");
        }
        if (text != null) {
            m.text = text;
        }
        if (blocks != null) { // absent: the blocks stay; [] removes them
            m.blocks = blocks.isEmpty() ? null : blocks;
        }
        if (attachments != null) {
            m.attachments = attachments;
        }
        if (metadata != null) {
            m.metadata = metadata;
        }
        m.edited = NODES.objectNode().put("user", BOT_USER_ID).put("ts", nextTs());
        ObjectNode r = ok().put("channel", ch.id).put("ts", m.ts).put("text", m.text);
        r.set("message", render(ch, m, true));
        return r;
    }

    private ObjectNode delete(Map<String, String> p) {
        Channel ch = resolve(p.get("channel"));
        if (ch == null) {
            return errorBody("channel_not_found");
        }
        Optional<Msg> found = find(ch, p.get("ts"));
        if (found.isEmpty() || found.get().tombstone) {
            return errorBody("message_not_found");
        }
        if (!BOT_ID.equals(found.get().botId)) {
            return errorBody("cant_delete_message");
        }
        remove(ch, found.get());
        return ok().put("channel", ch.id).put("ts", p.get("ts"));
    }

    /** Deletes a message; a thread root with replies stays as a tombstone, as in Slack. */
    private void remove(Channel ch, Msg m) {
        if (!repliesOf(ch, m).isEmpty()) {
            m.tombstone = true;
            m.text = "This message was deleted.";
            m.user = "USLACKBOT";
            m.botId = null;
            m.blocks = null;
            m.attachments = null;
            m.fileIds.clear();
        } else {
            ch.messages.remove(m);
        }
    }

    /** The channel's top-level messages (thread replies are not in it), newest first, as Slack lists them. */
    private ObjectNode history(Map<String, String> p) {
        Channel ch = resolve(p.get("channel"));
        if (ch == null || (p.get("channel") != null && !p.get("channel").equals(ch.id))) {
            return errorBody("channel_not_found");
        }
        if (!ch.im && !ch.botMember) {
            return errorBody("not_in_channel");
        }
        int limit = parseInt(p.get("limit"), 100);
        limit = limit <= 0 ? 100 : Math.min(limit, 999);
        List<Msg> top = new ArrayList<>();
        for (Msg m : ch.messages) {
            if (m.threadTs == null || m.threadTs.equals(m.ts)) {
                top.add(0, m);
            }
        }
        ObjectNode r = ok();
        ArrayNode out = r.putArray("messages");
        for (int i = 0; i < Math.min(limit, top.size()); i++) {
            out.add(render(ch, top.get(i), false));
        }
        r.put("has_more", top.size() > limit);
        return r;
    }

    private ObjectNode replies(Map<String, String> p) {
        Channel ch = resolve(p.get("channel"));
        if (ch == null || (p.get("channel") != null && !p.get("channel").equals(ch.id))) {
            return errorBody("channel_not_found");
        }
        if (!ch.im && !ch.botMember) {
            return errorBody("not_in_channel");
        }
        String ts = p.get("ts");
        if (ts == null || ts.isEmpty()) {
            return errorBody("invalid_arguments");
        }
        List<Msg> thread = threadOf(ch, ts);
        if (thread.isEmpty()) {
            return errorBody("thread_not_found");
        }
        int limit = parseInt(p.get("limit"), 1000);
        limit = limit <= 0 ? 1000 : Math.min(limit, 1000);
        int from = 0;
        String cursor = p.get("cursor");
        if (cursor != null && !cursor.isEmpty()) {
            try {
                from = Integer.parseInt(new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8)
                        .substring("next_index:".length()));
            } catch (RuntimeException e) {
                return errorBody("invalid_cursor");
            }
        }
        boolean metadata = "true".equals(p.get("include_all_metadata"));
        ObjectNode r = ok();
        ArrayNode out = r.putArray("messages");
        int to = Math.min(thread.size(), from + limit);
        for (int i = from; i < to; i++) {
            out.add(render(ch, thread.get(i), metadata));
        }
        r.put("has_more", to < thread.size());
        r.putObject("response_metadata").put("next_cursor", to < thread.size()
                ? Base64.getEncoder().encodeToString(("next_index:" + to).getBytes(StandardCharsets.UTF_8)) : "");
        return r;
    }

    private ObjectNode usersInfo(Map<String, String> p) {
        User u = users.get(p.getOrDefault("user", ""));
        if (u == null) {
            return errorBody("user_not_found");
        }
        ObjectNode r = ok();
        ObjectNode user = r.putObject("user");
        user.put("id", u.id).put("team_id", TEAM_ID).put("name", u.name).put("deleted", false).put("color", "9f69e7")
                .put("real_name", u.name).put("tz", "Europe/Berlin").put("tz_label", "Central European Time")
                .put("tz_offset", 3600);
        ObjectNode profile = user.putObject("profile");
        profile.put("real_name", u.name).put("display_name", u.bot ? "" : u.name)
                .put("real_name_normalized", u.name).put("display_name_normalized", u.bot ? "" : u.name)
                .put("team", TEAM_ID);
        if (u.bot) {
            profile.put("bot_id", BOT_ID).put("api_app_id", APP_ID).put("always_active", false);
        }
        user.put("is_admin", u.admin).put("is_owner", u.owner).put("is_primary_owner", u.owner)
                .put("is_restricted", false).put("is_ultra_restricted", false).put("is_bot", u.bot)
                .put("is_app_user", false).put("updated", 1700000000L);
        return r;
    }

    private ObjectNode getUploadUrl(Map<String, String> p) {
        String filename = p.get("filename");
        String length = p.get("length");
        List<String> missing = new ArrayList<>();
        if (filename == null || filename.isEmpty()) {
            missing.add("filename");
        }
        long len = -1;
        if (length == null || length.isEmpty()) {
            missing.add("length");
        } else {
            try {
                len = Long.parseLong(length);
            } catch (NumberFormatException e) {
                missing.add("length");
            }
        }
        if (!missing.isEmpty() || len < 0) {
            ObjectNode e = errorBody("invalid_arguments");
            ArrayNode messages = e.putObject("response_metadata").putArray("messages");
            for (String field : missing) {
                messages.add("[ERROR] missing required field: " + field);
            }
            return e;
        }
        FileEntry f = newFile(BOT_USER_ID, filename, filename);
        f.declaredLength = len;
        f.altTxt = p.get("alt_txt");
        f.uploadKey = UUID.randomUUID().toString().replace("-", "");
        return ok().put("upload_url", baseUrl() + "/upload/v1/" + f.uploadKey).put("file_id", f.id);
    }

    private void upload(HttpExchange ex, String key, byte[] body) throws IOException {
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        synchronized (lock) {
            FileEntry f = files.values().stream().filter(x -> key.equals(x.uploadKey)).findFirst().orElse(null);
            if (f == null || f.completed) {
                respond(ex, 404, "text/plain", "Not Found".getBytes(StandardCharsets.UTF_8), Map.of());
                return;
            }
            byte[] bytes = body;
            if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
                bytes = firstMultipartFile(contentType, body);
            }
            f.bytes = bytes;
        }
        respond(ex, 200, "text/plain; charset=utf-8",
                ("OK - " + (body.length)).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** The content of the first part of a multipart/form-data body that has a filename (else of the first part). */
    private static byte[] firstMultipartFile(String contentType, byte[] body) {
        Matcher bm = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
        if (!bm.find()) {
            return body;
        }
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + bm.group(1);
        byte[] first = null;
        for (String part : text.split(Pattern.quote(delimiter))) {
            int split = part.indexOf("\r\n\r\n");
            if (split < 0) {
                continue;
            }
            String head = part.substring(0, split);
            String content = part.substring(split + 4);
            if (content.endsWith("\r\n")) {
                content = content.substring(0, content.length() - 2);
            }
            byte[] bytes = content.getBytes(StandardCharsets.ISO_8859_1);
            if (head.contains("filename=")) {
                return bytes;
            }
            if (first == null) {
                first = bytes;
            }
        }
        return first == null ? body : first;
    }

    private ObjectNode completeUpload(Map<String, String> p) {
        JsonNode list;
        try {
            list = JSON.readTree(p.getOrDefault("files", ""));
        } catch (JsonProcessingException e) {
            list = null;
        }
        if (list == null || !list.isArray() || list.isEmpty()) {
            ObjectNode e = errorBody("invalid_arguments");
            e.putObject("response_metadata").putArray("messages").add("[ERROR] missing required field: files");
            return e;
        }
        List<FileEntry> entries = new ArrayList<>();
        for (JsonNode item : list) {
            FileEntry f = files.get(item.path("id").asText());
            if (f == null || f.deleted || f.uploadKey == null) {
                return errorBody("file_not_found");
            }
            if (f.bytes == null) {
                return errorBody("upload_incomplete");
            }
            if (f.completed) {
                return errorBody("file_already_completed");
            }
            entries.add(f);
        }
        List<Channel> targets = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        if (p.get("channel_id") != null && !p.get("channel_id").isEmpty()) {
            ids.add(p.get("channel_id"));
        } else if (p.get("channels") != null && !p.get("channels").isEmpty()) {
            ids.addAll(List.of(p.get("channels").split(",")));
        }
        for (String id : ids) {
            Channel ch = resolve(id.strip());
            if (ch == null) {
                return errorBody("channel_not_found");
            }
            if (!ch.im && !ch.botMember) {
                return errorBody("not_in_channel");
            }
            targets.add(ch);
        }
        String threadTs = p.get("thread_ts");
        if (threadTs != null && !threadTs.isEmpty() && targets.size() != 1) {
            return errorBody("invalid_arguments");
        }
        Object blocks = p.containsKey("initial_comment") ? null : blocksArg(p.get("blocks"));
        if (blocks instanceof Bad b) {
            return b.answer();
        }
        for (int i = 0; i < entries.size(); i++) {
            FileEntry f = entries.get(i);
            JsonNode item = list.get(i);
            if (item.hasNonNull("title") && !item.get("title").asText().isEmpty()) {
                f.title = item.get("title").asText();
            }
            f.completed = true;
        }
        for (Channel ch : targets) {
            Msg m = new Msg();
            m.ts = nextTs();
            m.user = BOT_USER_ID;
            m.botId = BOT_ID;
            m.text = p.getOrDefault("initial_comment", "");
            m.blocks = (JsonNode) blocks;
            m.upload = true;
            if (threadTs != null && !threadTs.isEmpty()) {
                m.threadTs = rootOf(ch, threadTs);
            }
            for (FileEntry f : entries) {
                m.fileIds.add(f.id);
                f.shares.computeIfAbsent(ch.id, k -> new ArrayList<>()).add(m.ts);
            }
            ch.messages.add(m);
        }
        ObjectNode r = ok();
        ArrayNode out = r.putArray("files");
        for (FileEntry f : entries) {
            out.addObject().put("id", f.id).put("title", f.title);
        }
        return r;
    }

    private ObjectNode filesInfo(Map<String, String> p) {
        FileEntry f = files.get(p.getOrDefault("file", ""));
        if (f == null || !f.completed && f.uploadKey != null) {
            return errorBody("file_not_found");
        }
        if (f.deleted) {
            return errorBody("file_deleted");
        }
        ObjectNode r = ok();
        r.set("file", fileJson(f, true));
        r.putArray("comments");
        r.putObject("response_metadata").put("next_cursor", "");
        return r;
    }

    private ObjectNode filesDelete(Map<String, String> p) {
        FileEntry f = files.get(p.getOrDefault("file", ""));
        if (f == null) {
            return errorBody("file_not_found");
        }
        if (f.deleted) {
            return errorBody("file_deleted");
        }
        if (!BOT_USER_ID.equals(f.user)) {
            return errorBody("cant_delete_file");
        }
        f.deleted = true;
        return ok();
    }

    private ObjectNode connectionsOpen() {
        String ticket = UUID.randomUUID().toString();
        tickets.add(ticket);
        return ok().put("url", socketBase() + "/link/?ticket=" + ticket + "&app_id=" + APP_ID);
    }

    private static int parseInt(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    // ------------------------------------------------------------------ files

    private FileEntry newFile(String owner, String name, String title) {
        FileEntry f = new FileEntry();
        f.id = String.format("F%010d", fileCounter.incrementAndGet());
        f.name = name;
        f.title = title;
        f.user = owner;
        f.mimetype = mimetypeOf(name);
        f.filetype = filetypeOf(name);
        f.created = System.currentTimeMillis() / 1000;
        files.put(f.id, f);
        return f;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String mimetypeOf(String name) {
        return switch (extension(name)) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "webp" -> "image/webp";
            case "txt" -> "text/plain";
            case "json" -> "application/json";
            case "pdf" -> "application/pdf";
            default -> "application/octet-stream";
        };
    }

    private static String filetypeOf(String name) {
        return switch (extension(name)) {
            case "png" -> "png";
            case "jpg", "jpeg" -> "jpg";
            case "gif" -> "gif";
            case "webp" -> "webp";
            case "txt" -> "text";
            case "json" -> "json";
            case "pdf" -> "pdf";
            default -> "binary";
        };
    }

    private String urlPrivate(FileEntry f) {
        return baseUrl() + "/files-pri/" + TEAM_ID + "-" + f.id + "/" + URLEncoder.encode(f.name, StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    private ObjectNode fileJson(FileEntry f, boolean withShares) {
        if (f.deleted) {
            return NODES.objectNode().put("id", f.id).put("mode", "tombstone");
        }
        ObjectNode j = NODES.objectNode();
        int size = f.bytes != null ? f.bytes.length : (int) Math.max(f.declaredLength, 0);
        j.put("id", f.id).put("created", f.created).put("timestamp", f.created).put("name", f.name)
                .put("title", f.title).put("mimetype", f.mimetype).put("filetype", f.filetype)
                .put("pretty_type", f.filetype.toUpperCase(Locale.ROOT)).put("user", f.user).put("user_team", TEAM_ID)
                .put("editable", false).put("size", size).put("mode", "hosted").put("is_external", false)
                .put("external_type", "").put("is_public", f.shares.keySet().stream()
                        .anyMatch(c -> channels.containsKey(c) && !channels.get(c).im))
                .put("public_url_shared", false).put("display_as_bot", false).put("username", "")
                .put("url_private", urlPrivate(f))
                .put("url_private_download", urlPrivate(f).replace("/" + TEAM_ID + "-" + f.id + "/",
                        "/" + TEAM_ID + "-" + f.id + "/download/"))
                .put("media_display_type", f.mimetype.startsWith("image/") ? "unknown" : "")
                .put("permalink", "https://" + TEAM_DOMAIN + ".slack.com/files/" + f.user + "/" + f.id + "/" + f.name)
                .put("permalink_public", "https://slack-files.com/" + TEAM_ID + "-" + f.id + "-0000000000")
                .put("has_rich_preview", false).put("file_access", "visible");
        if (f.altTxt != null) {
            j.put("alt_txt", f.altTxt);
        }
        int[] dims = pngSize(f.bytes);
        if (dims != null) {
            j.put("original_w", dims[0]).put("original_h", dims[1]);
        }
        if (withShares) {
            ObjectNode shares = j.putObject("shares");
            ArrayNode chans = j.putArray("channels");
            j.putArray("groups");
            ArrayNode ims = j.putArray("ims");
            f.shares.forEach((cid, tss) -> {
                Channel ch = channels.get(cid);
                String kind = ch.im ? "private" : "public";
                ObjectNode byChannel = shares.has(kind) ? (ObjectNode) shares.get(kind) : shares.putObject(kind);
                ArrayNode list = byChannel.putArray(cid);
                for (String ts : tss) {
                    ObjectNode s = list.addObject();
                    Optional<Msg> m = find(ch, ts);
                    s.put("reply_users_count", 0).put("reply_count", 0).put("ts", ts);
                    if (!ch.im) {
                        s.put("channel_name", ch.name);
                    }
                    s.put("team_id", TEAM_ID).put("share_user_id", f.user).put("source", "UNKNOWN");
                    m.filter(x -> x.threadTs != null && !x.threadTs.equals(x.ts)).ifPresent(x -> s
                            .put("thread_ts", x.threadTs));
                }
                (ch.im ? ims : chans).add(cid);
            });
            j.put("comments_count", 0);
        }
        return j;
    }

    private static int[] pngSize(byte[] b) {
        if (b != null && b.length >= 24 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return new int[] {readInt(b, 16), readInt(b, 20)};
        }
        return null;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private SlackFile view(FileEntry f) {
        int size = f.bytes != null ? f.bytes.length : (int) Math.max(f.declaredLength, 0);
        return new SlackFile(f.id, f.name, f.title, f.mimetype, f.filetype, size, urlPrivate(f), f.user,
                f.bytes == null ? null : f.bytes.clone(), fileJson(f, false));
    }

    /** url_private(_download): the bytes with the bot token; without it, Slack's quirk: 200 and a login page. */
    private void download(HttpExchange ex, String path) throws IOException {
        Matcher m = Pattern.compile("^/files-pri/" + TEAM_ID + "-(F[0-9A-Z]+)/(?:download/)?[^/]+$").matcher(path);
        FileEntry f;
        synchronized (lock) {
            f = m.matches() ? files.get(m.group(1)) : null;
        }
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        if (!("Bearer " + BOT_TOKEN).equals(authorization)) {
            respond(ex, 200, "text/html; charset=utf-8", LOGIN_PAGE.getBytes(StandardCharsets.UTF_8), Map.of());
            return;
        }
        if (f == null || f.deleted || f.bytes == null) {
            respond(ex, 404, "text/html; charset=utf-8",
                    "<!DOCTYPE html><html><body>File not found</body></html>".getBytes(StandardCharsets.UTF_8),
                    Map.of());
            return;
        }
        respond(ex, 200, f.mimetype, f.bytes, Map.of("Content-Disposition",
                (path.contains("/download/") ? "attachment" : "inline") + "; filename=\"" + f.name + "\""));
    }

    private void responseUrl(HttpExchange ex, byte[] body) throws IOException {
        String contentType = Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type")).orElse("");
        String text = new String(body, StandardCharsets.UTF_8);
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            json = null;
        }
        synchronized (responseUrlPosts) {
            responseUrlPosts.add(new ResponseUrlPost(baseUrl() + ex.getRequestURI().getPath(), contentType, text, json));
            responseUrlPosts.notifyAll();
        }
        respond(ex, 200, "text/html", "ok".getBytes(StandardCharsets.UTF_8), Map.of());
    }

    // ------------------------------------------------------------------ messages

    /** Strictly increasing ts strings like {@code 1700000000.000100}. */
    private String nextTs() {
        long now = System.currentTimeMillis() * 1000;
        lastTsMicros = Math.max(now, lastTsMicros + 100);
        return String.format("%d.%06d", lastTsMicros / 1_000_000, lastTsMicros % 1_000_000);
    }

    private static Optional<Msg> find(Channel ch, String ts) {
        if (ts == null) {
            return Optional.empty();
        }
        return ch.messages.stream().filter(m -> m.ts.equals(ts)).findFirst();
    }

    /** The thread a thread_ts names: a reply's ts means its root, as in Slack; an unknown ts is kept as given. */
    private static String rootOf(Channel ch, String threadTs) {
        return find(ch, threadTs).map(m -> m.threadTs != null ? m.threadTs : m.ts).orElse(threadTs);
    }

    private static List<Msg> threadOf(Channel ch, String ts) {
        Optional<Msg> named = find(ch, ts);
        if (named.isEmpty()) {
            return List.of();
        }
        String root = named.get().threadTs != null ? named.get().threadTs : named.get().ts;
        List<Msg> out = new ArrayList<>();
        find(ch, root).ifPresent(out::add);
        ch.messages.stream().filter(m -> root.equals(m.threadTs) && !m.ts.equals(root)).forEach(out::add);
        return out;
    }

    private static List<Msg> repliesOf(Channel ch, Msg root) {
        return ch.messages.stream().filter(m -> root.ts.equals(m.threadTs) && !m.ts.equals(root.ts)).toList();
    }

    /** A message as the Web API shows it. */
    private ObjectNode render(Channel ch, Msg m, boolean withMetadata) {
        ObjectNode j = NODES.objectNode();
        List<Msg> replies = m.threadTs == null || m.threadTs.equals(m.ts) ? repliesOf(ch, m) : List.of();
        if (m.tombstone) {
            j.put("type", "message").put("subtype", "tombstone").put("text", m.text).put("user", m.user)
                    .put("hidden", true).put("ts", m.ts);
        } else if (m.botId != null) {
            j.put("user", m.user).put("type", "message").put("ts", m.ts).put("bot_id", m.botId).put("app_id", APP_ID)
                    .put("text", m.text).put("team", TEAM_ID);
            j.putObject("bot_profile").put("id", BOT_ID).put("deleted", false).put("name", BOT_NAME)
                    .put("updated", 1700000000L).put("app_id", APP_ID).put("team_id", TEAM_ID).putObject("icons")
                    .put("image_36", "https://a.slack-edge.com/80588/img/plugins/app/bot_36.png");
        } else {
            if (m.clientMsgId != null) {
                j.put("client_msg_id", m.clientMsgId);
            }
            j.put("type", "message").put("text", m.text).put("user", m.user).put("ts", m.ts).put("team", TEAM_ID);
        }
        if (m.blocks != null) {
            j.set("blocks", m.blocks.deepCopy());
        }
        if (m.attachments != null) {
            j.set("attachments", m.attachments.deepCopy());
        }
        if (!m.fileIds.isEmpty()) {
            ArrayNode fs = j.putArray("files");
            for (String id : m.fileIds) {
                fs.add(fileJson(files.get(id), false));
            }
            j.put("upload", m.upload).put("display_as_bot", false);
        }
        if (m.edited != null) {
            j.set("edited", m.edited.deepCopy());
        }
        if (m.threadTs != null) {
            j.put("thread_ts", m.threadTs);
            if (!m.threadTs.equals(m.ts)) {
                find(ch, m.threadTs).ifPresent(root -> j.put("parent_user_id", root.user));
            }
        }
        if (!replies.isEmpty()) {
            Set<String> replyUsers = new LinkedHashSet<>();
            replies.forEach(r -> replyUsers.add(r.user));
            j.put("thread_ts", m.ts).put("reply_count", replies.size()).put("reply_users_count", replyUsers.size())
                    .put("latest_reply", replies.get(replies.size() - 1).ts);
            ArrayNode ru = j.putArray("reply_users");
            replyUsers.stream().limit(5).forEach(ru::add);
            j.put("is_locked", false).put("subscribed", false);
        }
        if (withMetadata && m.metadata != null) {
            j.set("metadata", m.metadata.deepCopy());
        }
        return j;
    }

    private PostedMessage view(Channel ch, Msg m) {
        ObjectNode json = render(ch, m, true);
        List<SlackFile> fs = m.fileIds.stream().map(id -> view(files.get(id))).toList();
        return new PostedMessage(ch.id, m.ts, json.hasNonNull("thread_ts") ? json.get("thread_ts").asText() : null,
                m.user, m.botId, m.text, m.blocks == null ? null : m.blocks.deepCopy(), fs, json);
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void close() {
        try {
            socketServer.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(ServerWebSocket::close);
        http.stop(0);
        httpPool.shutdownNow();
    }

    @Override
    public String toString() {
        return "FakeSlack[api=" + apiBase() + ", socket=" + socketBase() + "]";
    }
}
