package dev.chatgen.config;

import static dev.chatgen.config.ValueType.bool;
import static dev.chatgen.config.ValueType.choice;
import static dev.chatgen.config.ValueType.decimal;
import static dev.chatgen.config.ValueType.duration;
import static dev.chatgen.config.ValueType.integer;
import static dev.chatgen.config.ValueType.jdbcUrl;
import static dev.chatgen.config.ValueType.list;
import static dev.chatgen.config.ValueType.optionalPath;
import static dev.chatgen.config.ValueType.path;
import static dev.chatgen.config.ValueType.string;
import static dev.chatgen.config.ValueType.text;
import static dev.chatgen.config.ValueType.url;
import static dev.chatgen.config.ValueType.userPassword;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one registry of configuration keys. The loader, the records' validation and the
 * documentation all read it, so a key is added or changed here and nowhere else.
 */
public final class Keys {
    private Keys() {
    }

    public static final Key<Path> CATALOG_MODELS = new Key<>("catalog.models", path(),
            "bot-config/catalog/models.jsonl", "Model catalog, one JSON object per line.");
    public static final Key<Path> CATALOG_DEMONSTRATIONS = new Key<>("catalog.demonstrations", path(),
            "bot-config/catalog/demonstrations.jsonl",
            "Demonstrations (request, chosen model, arguments), one JSON object per line.");

    public static final Key<Integer> ENGINE_ENCODER_CACHE_SIZE = new Key<>("engine.encoder.cache-size",
            integer(0, 10_000_000), "20000", "How many text embeddings the encoder cache keeps; 0 keeps none.");

    public static final Key<Integer> ENGINE_MODEL_TOKENS_EPOCHS = new Key<>("engine.model-tokens.epochs",
            integer(1, 10_000), "200", "Training epochs for the model tokens.");
    public static final Key<Double> ENGINE_MODEL_TOKENS_LEARNING_RATE = new Key<>(
            "engine.model-tokens.learning-rate", decimal(0, true, 1), "0.01",
            "Learning rate for training the model tokens.");
    public static final Key<Double> ENGINE_MODEL_TOKENS_ANCHOR = new Key<>(
            "engine.model-tokens.anchor", decimal(0, false, 1), "0.001",
            "Pull of each model token towards its starting point (the model's description and demonstrations); higher keeps few-shot models nearer their descriptions.");
    public static final Key<Path> ENGINE_MODEL_TOKENS_CACHE_DIR = new Key<>("engine.model-tokens.cache-dir",
            path(), "data/model-tokens", "Where trained model tokens are cached between runs.");
    public static final Key<Integer> ENGINE_MODEL_TOKENS_SEED = new Key<>("engine.model-tokens.seed",
            integer(Integer.MIN_VALUE, Integer.MAX_VALUE), "42",
            "Random seed for training the model tokens, so training is reproducible.");

    public static final Key<Integer> ENGINE_SELECT_TOP_K = new Key<>("engine.select.top-k", integer(1, 20), "3",
            "Candidate models kept in the trace.");

    public static final Key<Integer> ENGINE_ARGS_NEIGHBOURS = new Key<>("engine.args.neighbours", integer(1, 100),
            "5", "Demonstrations that vote on the generation arguments.");

    public static final Key<Integer> ENGINE_PROMPT_MAX_INPUT_CHARS = new Key<>("engine.prompt.max-input-chars",
            integer(100, 1_000_000), "4000", "Longest request kept; longer ones are cut, with a note in the trace.");

    public static final Key<Integer> ENGINE_IMAGES_MAX_BYTES = new Key<>("engine.images.max-bytes",
            integer(1024, 1_073_741_824), "20971520", "Largest input image accepted, in bytes.");
    public static final Key<Integer> ENGINE_IMAGES_MAX_PIXELS = new Key<>("engine.images.max-pixels",
            integer(1, Integer.MAX_VALUE), "40000000", "Largest input image accepted, in pixels (width times height).");

    public static final Key<List<RenderBackend>> RENDER_BACKEND = new Key<>("render.backend", list(choice(RenderBackend.class)),
            "recipe", "Image backends: recipe (no GPU: a card with the recipe), a1111, comfyui, horde; several share the work, each plan going to one that has its checkpoint.");
    public static final Key<List<URI>> RENDER_A1111_URL = new Key<>("render.a1111.url", list(url()), "http://127.0.0.1:7860",
            "Base URL of the AUTOMATIC1111/Forge API; several (one per GPU machine) get render.slots workers each.");
    public static final Key<String> RENDER_A1111_AUTH = new Key<>("render.a1111.auth", userPassword(), "",
            "Credentials of the AUTOMATIC1111 API (its --api-auth), empty for none.");
    public static final Key<List<URI>> RENDER_COMFYUI_URL = new Key<>("render.comfyui.url", list(url()), "http://127.0.0.1:8188",
            "Base URL of the ComfyUI server; several (one per GPU machine) get render.slots workers each.");
    public static final Key<String> RENDER_HORDE_API_KEY = new Key<>("render.horde.api-key", string().asSecret(),
            "0000000000", "AI Horde API key; 0000000000 is the Horde's anonymous key.");
    public static final Key<Path> RENDER_OUT_DIR = new Key<>("render.out-dir", path(), "data/images",
            "Where rendered images are written.");

    public static final Key<URI> RENDER_HORDE_URL = new Key<>("render.horde.url", url(), "https://aihorde.net/api",
            "Base URL of the AI Horde API.");
    public static final Key<Duration> RENDER_TIMEOUT = new Key<>("render.timeout", duration(), "10m",
            "Longest one render may take on a GPU backend before it counts as failed.");
    public static final Key<Duration> RENDER_POLL_INTERVAL = new Key<>("render.poll-interval", duration(), "1s",
            "How often a GPU backend is asked for progress while it renders.");
    public static final Key<Integer> RENDER_SLOTS = new Key<>("render.slots", integer(1, 64), "1",
            "Images the backend renders at once (its GPU slots); one queue worker each.");

    public static final Key<String> STORE_URL = new Key<>("store.url", jdbcUrl(), "",
            "JDBC URL of the database; empty for the embedded H2 file at store.path. Use PostgreSQL to run several bot and worker processes.");
    public static final Key<Path> STORE_PATH = new Key<>("store.path", path(), "data/chatgen",
            "The embedded H2 database file, without its .mv.db ending (used when store.url is empty).");
    public static final Key<String> STORE_USER = new Key<>("store.user", text(), "",
            "Database user; empty for the embedded database's default or the user in the URL.");
    public static final Key<String> STORE_PASSWORD = new Key<>("store.password", text().asSecret(), "",
            "Database password.");
    public static final Key<Optional<Path>> STORE_MIGRATIONS = new Key<>("store.migrations", optionalPath(), "",
            "Folder of Flyway migrations to apply at start-up; empty for those built into chatgen (the repository's migrations/ folder).");
    public static final Key<Path> STORE_ATTACHMENTS_DIR = new Key<>("store.attachments-dir", path(), "data/attachments",
            "Where the bytes of attached files are kept (the database holds their metadata and sha256).");

    public static final Key<Duration> CHAT_HISTORY_WINDOW = new Key<>("chat.history-window", duration(), "30m",
            "How far back earlier messages of a conversation count as context for a new request.");
    public static final Key<Integer> CHAT_HISTORY_TURNS = new Key<>("chat.history-turns", integer(1, 100), "8",
            "Most messages of a conversation (the request included) the engine sees.");

    public static final Key<Integer> QUEUE_MAX_ATTEMPTS = new Key<>("queue.max-attempts", integer(1, 20), "3",
            "Tries a job gets (a crashed worker counts as one) before it fails with a reason the user sees.");
    public static final Key<Duration> QUEUE_RETRY_BACKOFF = new Key<>("queue.retry-backoff", duration(), "5s",
            "Wait before a failed job's second try; it doubles with each further try.");
    public static final Key<Duration> QUEUE_LEASE = new Key<>("queue.lease", duration(), "30s",
            "How long a worker holds a job without a heartbeat before another worker may take it.");
    public static final Key<Integer> QUEUE_PER_USER_LIMIT = new Key<>("queue.per-user-limit", integer(1, 10_000), "5",
            "Most unfinished jobs one person may have in the queue.");
    public static final Key<Duration> QUEUE_AFFINITY_MAX_WAIT = new Key<>("queue.affinity-max-wait", duration(), "60s",
            "Longest a job may be passed over for jobs that use the checkpoint a GPU has loaded.");
    public static final Key<Duration> QUEUE_POLL_INTERVAL = new Key<>("queue.poll-interval", duration(), "100ms",
            "How often an idle worker, and the reply dispatcher, look for new work.");
    public static final Key<Duration> QUEUE_SHUTDOWN_GRACE = new Key<>("queue.shutdown-grace", duration(), "30s",
            "On shutdown, how long running jobs may take to finish before their leases are handed back.");

    public static final Key<URI> DISCORD_API_URL = new Key<>("discord.api-url", url(), "https://discord.com/api/v10/",
            "Base URL of Discord's REST API (for a proxy or a test server).");
    public static final Key<String> DISCORD_GATEWAY_URL = new Key<>("discord.gateway-url", text(), "",
            "Discord gateway WebSocket URL; empty to ask the REST API for it.");
    public static final Key<Boolean> DISCORD_MESSAGE_CONTENT = new Key<>("discord.message-content", bool(), "false",
            "Whether the bot has Discord's privileged Message Content intent; without it, only /imagine, mentions, DMs and replies to the bot reach it.");
    public static final Key<String> DISCORD_CAPTURE_CHANNELS = new Key<>("discord.capture-channels", text(), "",
            "Channel ids (comma-separated) whose every message is kept as context for later requests; needs discord.message-content.");
    public static final Key<Integer> DISCORD_SHARDS = new Key<>("discord.shards", integer(1, 1000), "1",
            "Gateway shards; above 1, JDA's shard manager runs that many.");
    public static final Key<Integer> DISCORD_MAX_ATTACHMENT_BYTES = new Key<>("discord.max-attachment-bytes", integer(1024, 104_857_600),
            "10485760", "Largest attached picture the bot downloads, in bytes (10485760 is 10 MiB).");

    public static final Key<SlackMode> SLACK_MODE = new Key<>("slack.mode", choice(SlackMode.class), "socket",
            "socket: the bot connects to Slack (needs SLACK_APP_TOKEN, no public URL); http: Slack posts to /slack/events (needs SLACK_SIGNING_SECRET).");
    public static final Key<Integer> SLACK_HTTP_PORT = new Key<>("slack.http.port", integer(0, 65535), "3000",
            "Port of the /slack/events endpoint in http mode (0 picks a free one).");
    public static final Key<URI> SLACK_API_URL = new Key<>("slack.api-url", url(), "https://slack.com/api/",
            "Base URL of Slack's Web API (for a proxy or a test server).");
    public static final Key<Integer> SLACK_MAX_ATTACHMENT_BYTES = new Key<>("slack.max-attachment-bytes", integer(1024, 104_857_600),
            "10485760", "Largest shared picture the bot downloads, in bytes (10485760 is 10 MiB).");

    public static final Key<String> MODERATION_BLOCKED_TERMS = new Key<>("moderation.blocked-terms", text(), "",
            "Words and phrases (comma-separated) refused in requests and written prompts, on top of the built-in ones; matched ignoring case, spacing and look-alike letters.");
    public static final Key<String> MODERATION_BLOCKED_PATTERNS = new Key<>("moderation.blocked-patterns", text(), "",
            "Regular expressions (separated by ;;) refused in requests and written prompts, on top of the built-in one.");
    public static final Key<String> MODERATION_NEGATIVE_PREFIX = new Key<>("moderation.negative-prefix", text(),
            "nsfw, nude, naked, lowres, watermark", "Put first in every negative prompt, except in adult places; empty for none.");
    public static final Key<Integer> MODERATION_QUOTA_PER_HOUR = new Key<>("moderation.quota.per-hour", integer(0, 1_000_000), "20",
            "Pictures one person may ask for in any hour; 0 for no limit. Moderators are exempt.");
    public static final Key<Integer> MODERATION_QUOTA_PER_DAY = new Key<>("moderation.quota.per-day", integer(0, 1_000_000), "100",
            "Pictures one person may ask for in any 24 hours; 0 for no limit. Moderators are exempt.");
    public static final Key<String> MODERATION_NSFW_GUILDS = new Key<>("moderation.nsfw-guilds", text(), "",
            "Discord server ids (comma-separated) that opted in to NSFW-flagged models in their age-restricted channels; never on Slack.");
    public static final Key<String> MODERATION_DISCORD_MODERATOR_ROLES = new Key<>("moderation.discord-moderator-roles", text(), "",
            "Discord role ids (comma-separated) whose members moderate, besides members with Manage Server.");
    public static final Key<String> MODERATION_SLACK_MODERATORS = new Key<>("moderation.slack-moderators", text(), "",
            "Slack user ids (comma-separated) who moderate, besides workspace admins and owners.");

    public static final Key<Duration> PRIVACY_RETENTION = new Key<>("privacy.retention", duration(), "30d",
            "How long conversations, attachments and pictures are kept; older ones are purged.");
    public static final Key<Duration> PRIVACY_PURGE_EVERY = new Key<>("privacy.purge-every", duration(), "1h",
            "How often `chatgen serve` purges what is older than privacy.retention.");

    public static final Key<StageBackend> ENGINE_PROMPT_WRITER = new Key<>("engine.prompt-writer", choice(StageBackend.class), "embedded",
            "Stage 1 (prompt writing): embedded, or llm (the server at llm.url; falls back to embedded on any failure).");
    public static final Key<StageBackend> ENGINE_ARGS_CONFIGURATOR = new Key<>("engine.args-configurator", choice(StageBackend.class),
            "embedded", "Stage 3 (arguments): embedded, or llm (the chosen model's demonstrations as examples; falls back to embedded).");
    public static final Key<URI> LLM_URL = new Key<>("llm.url", url(), "http://127.0.0.1:8000/v1",
            "The OpenAI-compatible server's /v1 base (vLLM, LMDeploy, SGLang, Ollama, llama.cpp server).");
    public static final Key<String> LLM_MODEL = new Key<>("llm.model", text(), "chatgen-evo",
            "The model name the server knows (its --served-model-name).");
    public static final Key<String> LLM_API_KEY = new Key<>("llm.api-key", text(), "",
            "Sent as a Bearer token; empty for none.");
    public static final Key<Duration> LLM_TIMEOUT = new Key<>("llm.timeout", duration(), "20s",
            "Longest wait for one answer; then the embedded stage runs instead.");

    public static final Key<LlmInputFormat> LLM_FORMAT = new Key<>("llm.format", choice(LlmInputFormat.class), "auto",
            "Stage 1's input format: chatgen (the published ChatGen checkpoints'), instruct (strict JSON, any instruct model), or auto (chatgen when llm.model's name says ChatGen).");
    public static final Key<Boolean> LLM_VISION = new Key<>("llm.vision", bool(), "false",
            "Whether attached pictures go to the LLM (a vision model); the ChatGen format always sends them.");

    public static final Key<Integer> HTTP_PORT = new Key<>("http.port", integer(0, 65535), "8080",
            "Port of /healthz and /metrics (Prometheus) for `chatgen serve` and `chatgen worker`; 0 picks a free one.");

    public static final Key<LogLevel> LOG_LEVEL = new Key<>("log.level", choice(LogLevel.class), "info",
            "Lowest level of log messages written.");

    private static final List<Key<?>> ALL = List.of(
            CATALOG_MODELS, CATALOG_DEMONSTRATIONS,
            ENGINE_ENCODER_CACHE_SIZE,
            ENGINE_MODEL_TOKENS_EPOCHS, ENGINE_MODEL_TOKENS_LEARNING_RATE, ENGINE_MODEL_TOKENS_ANCHOR,
            ENGINE_MODEL_TOKENS_CACHE_DIR, ENGINE_MODEL_TOKENS_SEED,
            ENGINE_SELECT_TOP_K,
            ENGINE_ARGS_NEIGHBOURS,
            ENGINE_PROMPT_MAX_INPUT_CHARS,
            ENGINE_IMAGES_MAX_BYTES, ENGINE_IMAGES_MAX_PIXELS,
            RENDER_BACKEND, RENDER_OUT_DIR,
            RENDER_A1111_URL, RENDER_A1111_AUTH, RENDER_COMFYUI_URL, RENDER_HORDE_URL, RENDER_HORDE_API_KEY, RENDER_SLOTS,
            RENDER_TIMEOUT, RENDER_POLL_INTERVAL,
            STORE_URL, STORE_PATH, STORE_USER, STORE_PASSWORD, STORE_MIGRATIONS, STORE_ATTACHMENTS_DIR,
            CHAT_HISTORY_WINDOW, CHAT_HISTORY_TURNS,
            QUEUE_MAX_ATTEMPTS, QUEUE_RETRY_BACKOFF, QUEUE_LEASE, QUEUE_PER_USER_LIMIT, QUEUE_AFFINITY_MAX_WAIT,
            QUEUE_POLL_INTERVAL, QUEUE_SHUTDOWN_GRACE,
            DISCORD_API_URL, DISCORD_GATEWAY_URL, DISCORD_MESSAGE_CONTENT, DISCORD_CAPTURE_CHANNELS, DISCORD_SHARDS, DISCORD_MAX_ATTACHMENT_BYTES,
            SLACK_MODE, SLACK_HTTP_PORT, SLACK_API_URL, SLACK_MAX_ATTACHMENT_BYTES,
            MODERATION_BLOCKED_TERMS, MODERATION_BLOCKED_PATTERNS, MODERATION_NEGATIVE_PREFIX, MODERATION_QUOTA_PER_HOUR,
            MODERATION_QUOTA_PER_DAY, MODERATION_NSFW_GUILDS, MODERATION_DISCORD_MODERATOR_ROLES, MODERATION_SLACK_MODERATORS,
            PRIVACY_RETENTION, PRIVACY_PURGE_EVERY,
            ENGINE_PROMPT_WRITER, ENGINE_ARGS_CONFIGURATOR, LLM_URL, LLM_MODEL, LLM_API_KEY, LLM_TIMEOUT,
            LLM_FORMAT, LLM_VISION, HTTP_PORT,
            LOG_LEVEL);

    /** Every key, in documentation order. */
    public static List<Key<?>> all() {
        return ALL;
    }
}
