package dev.chatgen.config;

import java.util.List;
import java.util.Objects;

/** The whole bot configuration; load it with {@link ConfigLoader}. */
public record ChatgenConfig(CatalogConfig catalog, EngineConfig engine, RenderConfig render, StoreConfig store, ChatConfig chat,
                            QueueConfig queue, DiscordConfig discord, SlackConfig slack,
                            ModerationConfig moderation, PrivacyConfig privacy, LlmConfig llm, HttpConfig http, LogConfig log) {
    public ChatgenConfig {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(render, "render");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(discord, "discord");
        Objects.requireNonNull(slack, "slack");
        Objects.requireNonNull(moderation, "moderation");
        Objects.requireNonNull(privacy, "privacy");
        Objects.requireNonNull(llm, "llm");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(log, "log");
    }

    /** Every key with its type, default and doc line, for documentation. */
    public static List<Key<?>> keys() {
        return Keys.all();
    }

    static ChatgenConfig from(ConfigValues v) {
        return new ChatgenConfig(
                new CatalogConfig(v.get(Keys.CATALOG_MODELS), v.get(Keys.CATALOG_DEMONSTRATIONS)),
                new EngineConfig(
                        new EncoderConfig(v.get(Keys.ENGINE_ENCODER_CACHE_SIZE)),
                        new ModelTokensConfig(v.get(Keys.ENGINE_MODEL_TOKENS_EPOCHS),
                                v.get(Keys.ENGINE_MODEL_TOKENS_LEARNING_RATE),
                                v.get(Keys.ENGINE_MODEL_TOKENS_ANCHOR),
                                v.get(Keys.ENGINE_MODEL_TOKENS_CACHE_DIR),
                                v.get(Keys.ENGINE_MODEL_TOKENS_SEED)),
                        new SelectConfig(v.get(Keys.ENGINE_SELECT_TOP_K)),
                        new ArgsConfig(v.get(Keys.ENGINE_ARGS_NEIGHBOURS)),
                        new PromptConfig(v.get(Keys.ENGINE_PROMPT_MAX_INPUT_CHARS)),
                        new ImagesConfig(v.get(Keys.ENGINE_IMAGES_MAX_BYTES), v.get(Keys.ENGINE_IMAGES_MAX_PIXELS))),
                new RenderConfig(v.get(Keys.RENDER_BACKEND),
                        new A1111Config(v.get(Keys.RENDER_A1111_URL), v.get(Keys.RENDER_A1111_AUTH)),
                        new ComfyConfig(v.get(Keys.RENDER_COMFYUI_URL)),
                        new HordeConfig(v.get(Keys.RENDER_HORDE_URL), v.get(Keys.RENDER_HORDE_API_KEY)),
                        v.get(Keys.RENDER_OUT_DIR), v.get(Keys.RENDER_SLOTS), v.get(Keys.RENDER_TIMEOUT),
                        v.get(Keys.RENDER_POLL_INTERVAL)),
                new StoreConfig(v.get(Keys.STORE_URL), v.get(Keys.STORE_PATH), v.get(Keys.STORE_USER),
                        v.get(Keys.STORE_PASSWORD), v.get(Keys.STORE_MIGRATIONS), v.get(Keys.STORE_ATTACHMENTS_DIR)),
                new ChatConfig(v.get(Keys.CHAT_HISTORY_WINDOW), v.get(Keys.CHAT_HISTORY_TURNS)),
                new QueueConfig(v.get(Keys.QUEUE_MAX_ATTEMPTS), v.get(Keys.QUEUE_RETRY_BACKOFF), v.get(Keys.QUEUE_LEASE),
                        v.get(Keys.QUEUE_PER_USER_LIMIT), v.get(Keys.QUEUE_AFFINITY_MAX_WAIT),
                        v.get(Keys.QUEUE_POLL_INTERVAL), v.get(Keys.QUEUE_SHUTDOWN_GRACE)),
                new DiscordConfig(v.get(Keys.DISCORD_API_URL), v.get(Keys.DISCORD_GATEWAY_URL), v.get(Keys.DISCORD_MESSAGE_CONTENT),
                        DiscordConfig.channelIds(v.get(Keys.DISCORD_CAPTURE_CHANNELS)), v.get(Keys.DISCORD_SHARDS), v.get(Keys.DISCORD_MAX_ATTACHMENT_BYTES)),
                new SlackConfig(v.get(Keys.SLACK_MODE), v.get(Keys.SLACK_HTTP_PORT), v.get(Keys.SLACK_API_URL),
                        v.get(Keys.SLACK_MAX_ATTACHMENT_BYTES)),
                new ModerationConfig(v.get(Keys.MODERATION_BLOCKED_TERMS), v.get(Keys.MODERATION_BLOCKED_PATTERNS),
                        v.get(Keys.MODERATION_NEGATIVE_PREFIX), v.get(Keys.MODERATION_QUOTA_PER_HOUR), v.get(Keys.MODERATION_QUOTA_PER_DAY),
                        ModerationConfig.ids(v.get(Keys.MODERATION_NSFW_GUILDS)), ModerationConfig.ids(v.get(Keys.MODERATION_DISCORD_MODERATOR_ROLES)),
                        ModerationConfig.ids(v.get(Keys.MODERATION_SLACK_MODERATORS))),
                new PrivacyConfig(v.get(Keys.PRIVACY_RETENTION), v.get(Keys.PRIVACY_PURGE_EVERY)),
                new LlmConfig(v.get(Keys.ENGINE_PROMPT_WRITER), v.get(Keys.ENGINE_ARGS_CONFIGURATOR), v.get(Keys.LLM_URL), v.get(Keys.LLM_MODEL),
                        v.get(Keys.LLM_API_KEY), v.get(Keys.LLM_TIMEOUT), v.get(Keys.LLM_FORMAT), v.get(Keys.LLM_VISION)),
                new HttpConfig(v.get(Keys.HTTP_PORT)),
                new LogConfig(v.get(Keys.LOG_LEVEL)));
    }
}
