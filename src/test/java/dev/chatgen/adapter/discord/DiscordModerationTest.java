package dev.chatgen.adapter.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatgen.adapter.discord.fake.FakeDiscord;
import dev.chatgen.adapter.discord.fake.RestCall;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.config.DiscordConfig;
import dev.chatgen.config.ModerationConfig;
import dev.chatgen.moderation.ModelPolicy;
import dev.chatgen.moderation.Quotas;
import dev.chatgen.moderation.SafetyRules;
import dev.chatgen.moderation.Scope;
import dev.chatgen.testing.BotPipeline;
import dev.chatgen.testing.SharedEngine;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moderation on Discord end to end: real JDA against the fake Discord, the real engine, queue and moderation behind
 * it. Each test starts the bot with the moderation settings it needs.
 */
class DiscordModerationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Words that pick an NSFW-flagged model (majicMIX realistic) where those are allowed, a safe one elsewhere. */
    private static final String ADULT_LEANING = "a glossy fashion portrait of an east asian woman, beauty lighting, like a real photo";
    /** Words that pick a photorealistic model, unless only anime models may be used. */
    private static final String A_FOX = "a realistic photo of a red fox in the snow";

    @TempDir
    Path dir;

    private FakeDiscord discord;
    private BotPipeline pipeline;
    private DiscordBot bot;

    @BeforeEach
    void fake() throws Exception {
        discord = new FakeDiscord();
    }

    @AfterEach
    void stop() throws Exception {
        if (bot != null) {
            bot.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        discord.close();
    }

    private void start() {
        start(Quotas.Limits.NONE, BotPipeline.MODERATION);
    }

    private void start(Quotas.Limits quotas, ModerationConfig settings) {
        pipeline = new BotPipeline(dir, quotas, settings);
        bot = DiscordBot.start(discord.botToken, new DiscordConfig(URI.create(discord.restBase()), discord.gatewayUrl(), true, Set.of(), 1,
                10 << 20), pipeline.chat(), pipeline.progress(), pipeline.moderation(), Clock.systemUTC());
        pipeline.dispatchTo(bot.replies());
    }

    private static ModerationConfig settings(Set<String> nsfwGuilds, Set<String> moderatorRoles) {
        return new ModerationConfig("", "", SafetyRules.DEFAULT_NEGATIVE_PREFIX, 0, 0, nsfwGuilds, moderatorRoles, Set.of());
    }

    // ------------------------------------------------------------------ registration

    @Test
    void modelsCommand_isForManageServer_inServersOnly_andForgetMe_forEveryone_inServersAndDms() throws Exception {
        start();
        discord.awaitCall(0, c -> c.is("PUT", "/applications/*/commands") && c.status() == 200, WAIT);

        JsonNode models = command("chatgen-models");
        assertEquals(Long.toString(FakeDiscord.MANAGE_GUILD), models.path("default_member_permissions").asText(), models.toString());
        assertEquals(List.of("0"), texts(models.path("contexts")), "guild only: no DMs, no group DMs");
        assertFalse(models.path("dm_permission").asBoolean(false), models.toString());
        List<String> subcommands = new ArrayList<>();
        models.path("options").forEach(o -> subcommands.add(o.path("name").asText()));
        assertEquals(List.of("show", "allow", "deny", "reset", "audit"), subcommands);
        for (JsonNode sub : models.path("options")) {
            JsonNode scope = option(sub, "scope");
            assertFalse(scope.path("required").asBoolean(), sub.toString());
            assertEquals(List.of("server", "channel"), texts(scope.path("choices").findValues("value")), sub.toString());
            boolean takesRule = List.of("allow", "deny").contains(sub.path("name").asText());
            assertEquals(takesRule, option(sub, "rule") != null, sub.toString());
            if (takesRule) {
                assertTrue(option(sub, "rule").path("required").asBoolean() && option(sub, "rule").path("autocomplete").asBoolean(), sub.toString());
            }
        }

        JsonNode forgetMe = command("chatgen-forget-me");
        assertTrue(forgetMe.path("default_member_permissions").isNull(), "everyone may: " + forgetMe);
        assertEquals(List.of("0", "1"), texts(forgetMe.path("contexts")), "servers and the bot's DMs");
        assertTrue(discord.commands().stream().anyMatch(c -> c.path("name").asText().equals("imagine")), "/imagine is still there");
    }

    // ------------------------------------------------------------------ model policies

    @Test
    void aChannelAllowingAnime_getsAnime_whileTheServerDeniesIt_elsewhere() throws Exception {
        start();
        assertEquals("Models at discord:workspace:" + discord.guildId + ": everything except tag:anime (was everything).",
                answer(asAdmin(models("deny", "tag:anime", "server"))));
        assertEquals("Models at discord:channel:" + discord.channelId + ": only tag:anime (was everything).",
                answer(asAdmin(models("allow", "tag:anime", "channel"))));

        T2IModel here = modelOf(picture(discord.imagine(A_FOX)));
        T2IModel elsewhere = modelOf(picture(discord.inChannel(discord.imagine(A_FOX), discord.otherChannelId)));
        assertTrue(here.tags().contains("anime"), "the channel's rule overrides the server's: " + here.id());
        assertFalse(elsewhere.tags().contains("anime"), "the server's rule holds in its other channels: " + elsewhere.id());
    }

    @Test
    void denyingWhatEveryPictureNeeds_theReplySaysWhatIsAllowedHere() throws Exception {
        start();
        answer(asAdmin(models("deny", "type:checkpoint", null))); // every LoRA needs its checkpoint: nothing is left

        ObjectNode request = discord.sendInteraction(discord.imagine(A_FOX));
        RestCall told = discord.awaitCall(c -> c.is("PATCH", "/webhooks/*/" + request.path("token").asText() + "/messages/@original")
                && c.json().path("content").asText().startsWith("None"), WAIT);
        String reply = told.json().path("content").asText();
        assertTrue(reply.startsWith("None of the models allowed here can make this picture"), reply);
        assertTrue(reply.contains("Allowed here, everything except type:checkpoint."), reply);
    }

    @Test
    void aMemberWithoutManageServer_isRefused_andNothingChanges_whileAConfiguredModeratorRoleMay() throws Exception {
        start(Quotas.Limits.NONE, settings(Set.of(), Set.of(discord.helperRoleId)));
        Scope server = Scope.workspace("discord", discord.guildId);

        // The fake delivers the command although Discord hides it from them, as after an admin re-granted it.
        assertEquals(ModelsSlashCommand.NOT_A_MODERATOR, answer(models("allow", "tag:anime", null)));
        assertEquals(ModelsSlashCommand.NOT_A_MODERATOR, answer(models("reset", null, "channel")));
        assertEquals(ModelPolicy.EVERYTHING, pipeline.policies().get(server));
        assertEquals(0, auditRows());

        assertEquals("Models at " + server + ": only tag:anime (was everything).",
                answer(discord.withRoles(models("allow", "tag:anime", null), discord.helperRoleId)));
        assertEquals(1, auditRows());
    }

    @Test
    void audit_listsWhoChangedWhat_where_beforeAndAfter() throws Exception {
        start();
        answer(asAdmin(models("allow", "tag:anime", "channel")));
        answer(asAdmin(models("allow", "base:SDXL 1.0", "channel")));

        String audit = answer(asAdmin(models("audit", null, "channel")));
        List<String> lines = audit.lines().toList();
        assertEquals(2, lines.size(), audit);
        String channel = "discord:channel:" + discord.channelId;
        assertTrue(lines.get(0).contains(discord.userId + " (discord)  allow base:SDXL 1.0  " + channel
                + "  before: only tag:anime; after: only tag:anime, base:SDXL 1.0"), audit);
        assertTrue(lines.get(1).contains(discord.userId + " (discord)  allow tag:anime  " + channel
                + "  before: everything; after: only tag:anime"), audit);
        assertEquals("No changes at discord:workspace:" + discord.guildId + " yet.", answer(asAdmin(models("audit", null, "server"))));
    }

    @Test
    void autocomplete_suggestsModelIds_andTheOtherKindsOfRule_thatFitWhatIsTyped() throws Exception {
        start();
        assertEquals(Set.of("model:revAnimated_v122", "model:animeLineartMangaLike_v30MangaLike", "model:animagineXLV31_v31"),
                Set.copyOf(suggestions("model:anim")), "the catalog's ids with \"anim\" in them, whatever the case");

        List<String> typedNothing = suggestions("");
        assertEquals(25, typedNothing.size(), "Discord's limit");
        assertEquals(RuleSuggestions.OTHER_RULES, typedNothing.subList(0, 5));
        assertTrue(typedNothing.get(5).startsWith("model:"), typedNothing.toString());

        assertEquals(List.of("base:SDXL 1.0"), suggestions("sdxl").stream().filter(s -> !s.startsWith("model:")).toList());
        assertEquals(List.of("type:lora"), suggestions("type:l"));
    }

    // ------------------------------------------------------------------ forget me

    @Test
    void forgetMe_inADm_erasesTheCallersTurnsAndJobs_andSaysWhatWent() throws Exception {
        start();
        int mark = discord.callCount();
        discord.dispatch("MESSAGE_CREATE", discord.mentionMessage(A_FOX));
        discord.awaitCall(mark, c -> c.is("POST", "/channels/*/messages") && !c.files().isEmpty(), WAIT);
        assertEquals(1, rows("SELECT COUNT(*) FROM turn WHERE platform = 'discord' AND author_id = ?", discord.userId));

        String told = answer(discord.inDm(discord.slashCommand("chatgen-forget-me", List.of(), null)));
        assertEquals("Deleted 1 message, 1 picture request and 1 picture.", told);
        assertEquals(0, rows("SELECT COUNT(*) FROM turn WHERE platform = 'discord' AND author_id = ?", discord.userId));
        assertEquals(0, rows("SELECT COUNT(*) FROM generation_job WHERE requester = ?", "discord:" + discord.userId));
        assertEquals("I had nothing stored about you.", answer(discord.slashCommand("chatgen-forget-me", List.of(), null)));
    }

    // ------------------------------------------------------------------ standing

    @Test
    void nsfwModels_areChosen_onlyInTheAgeRestrictedChannel_andItsThreads_ofAnOptedInServer() throws Exception {
        start(Quotas.Limits.NONE, settings(Set.of(discord.guildId), Set.of()));
        T2IModel adult = modelOf(picture(discord.inChannel(discord.imagine(ADULT_LEANING), discord.nsfwChannelId)));
        T2IModel inThread = modelOf(picture(discord.inChannel(discord.imagine(ADULT_LEANING), discord.nsfwThreadId)));
        T2IModel plain = modelOf(picture(discord.imagine(ADULT_LEANING)));
        assertTrue(adult.nsfw(), adult.id());
        assertTrue(inThread.nsfw(), "a thread follows its parent: " + inThread.id());
        assertFalse(plain.nsfw(), "not in a channel without the age restriction: " + plain.id());
    }

    @Test
    void nsfwModels_areNotChosen_inTheAgeRestrictedChannel_ofAServerThatDidNotOptIn() throws Exception {
        start();
        T2IModel model = modelOf(picture(discord.inChannel(discord.imagine(ADULT_LEANING), discord.nsfwChannelId)));
        assertFalse(model.nsfw(), model.id());
    }

    @Test
    void aModerator_isNotHeldToTheQuota() throws Exception {
        start(new Quotas.Limits(1, 0), BotPipeline.MODERATION);
        picture(discord.imagine(A_FOX));

        ObjectNode again = discord.sendInteraction(discord.imagine(A_FOX));
        RestCall refused = discord.awaitCall(c -> c.is("POST", "/webhooks/*/" + again.path("token").asText()), WAIT);
        assertEquals(64, refused.json().path("flags").asInt() & 64, "only for them");
        assertTrue(refused.json().path("content").asText().startsWith("You've asked for 1 pictures in the last hour"), refused.json().toString());

        picture(asAdmin(discord.imagine(A_FOX)));
        picture(asAdmin(discord.imagine(A_FOX)));
        assertEquals(3, rows("SELECT COUNT(*) FROM generation_job WHERE requester = ?", "discord:" + discord.userId));
    }

    // ------------------------------------------------------------------ helpers

    private ObjectNode models(String subcommand, String rule, String scope) {
        List<ObjectNode> options = new ArrayList<>();
        if (rule != null) {
            options.add(FakeDiscord.stringOption("rule", rule));
        }
        if (scope != null) {
            options.add(FakeDiscord.stringOption("scope", scope));
        }
        return discord.slashSubcommand("chatgen-models", subcommand, options);
    }

    private ObjectNode asAdmin(ObjectNode payload) {
        return discord.withRoles(payload, discord.adminRoleId);
    }

    /** Sends the interaction and returns its answer, checking that only the caller sees it. */
    private String answer(ObjectNode interaction) throws InterruptedException {
        int mark = discord.callCount();
        discord.sendInteraction(interaction);
        String token = interaction.path("token").asText();
        RestCall callback = discord.awaitCall(mark, "POST", "/interactions/*/" + token + "/callback", WAIT);
        assertEquals(64, callback.json().path("data").path("flags").asInt() & 64, "ephemeral: " + callback.json());
        if (callback.json().path("type").asInt() == 4) {
            return callback.json().path("data").path("content").asText();
        }
        assertEquals(5, callback.json().path("type").asInt(), callback.json().toString());
        return discord.awaitCall(mark, "PATCH", "/webhooks/*/" + token + "/messages/@original", WAIT).json().path("content").asText();
    }

    /** The choices the bot offers as the rule of /chatgen-models allow is typed. */
    private List<String> suggestions(String typed) throws InterruptedException {
        int mark = discord.callCount();
        ObjectNode typing = discord.sendInteraction(discord.autocomplete("chatgen-models", "allow", "rule", typed, List.of()));
        RestCall callback = discord.awaitCall(mark, "POST", "/interactions/*/" + typing.path("token").asText() + "/callback", WAIT);
        assertTrue(callback.status() < 300, "Discord took the choices: " + callback.response());
        assertEquals(8, callback.json().path("type").asInt());
        List<String> values = new ArrayList<>();
        for (JsonNode c : callback.json().path("data").path("choices")) {
            assertEquals(c.path("name").asText(), c.path("value").asText());
            values.add(c.path("value").asText());
        }
        return values;
    }

    /** Sends the request and waits for its picture, replacing the "thinking" message; returns the job. */
    private long picture(ObjectNode imagine) throws InterruptedException {
        int mark = discord.callCount();
        discord.sendInteraction(imagine);
        Predicate<RestCall> posted = c -> c.is("PATCH", "/webhooks/*/" + imagine.path("token").asText() + "/messages/@original")
                && !c.files().isEmpty();
        RestCall result = discord.awaitCall(mark, posted, WAIT);
        return Long.parseLong(result.json().path("embeds").get(0).path("footer").path("text").asText().split(" ")[1]);
    }

    private T2IModel modelOf(long job) {
        String id = pipeline.db().inTransaction("read the plan", c -> {
            try (var q = c.prepareStatement("SELECT plan_json FROM step_trace WHERE job_id = ?")) {
                q.setLong(1, job);
                try (var r = q.executeQuery()) {
                    r.next();
                    return FakeDiscord.JSON.readTree(r.getString(1)).path("model").asText();
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        return SharedEngine.catalog().find(id).orElseThrow();
    }

    private int auditRows() {
        return rows("SELECT COUNT(*) FROM audit_log WHERE platform = ?", "discord");
    }

    private int rows(String sql, String arg) {
        return pipeline.db().inTransaction("count", c -> {
            try (var q = c.prepareStatement(sql)) {
                q.setString(1, arg);
                try (var r = q.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            }
        });
    }

    private JsonNode command(String name) {
        return discord.commands().stream().filter(c -> c.path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("/" + name + " is not registered: " + discord.commands()));
    }

    private static JsonNode option(JsonNode parent, String name) {
        for (JsonNode o : parent.path("options")) {
            if (o.path("name").asText().equals(name)) {
                return o;
            }
        }
        return null;
    }

    private static List<String> texts(Iterable<JsonNode> nodes) {
        List<String> out = new ArrayList<>();
        nodes.forEach(n -> out.add(n.asText()));
        return out;
    }
}
