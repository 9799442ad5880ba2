package dev.chatgen.adapter.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import dev.chatgen.adapter.slack.fake.FakeSlack;
import dev.chatgen.adapter.slack.fake.PostedMessage;
import dev.chatgen.adapter.slack.fake.SlackPayloads;
import dev.chatgen.adapter.slack.fake.SlackSigning;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.config.ModerationConfig;
import dev.chatgen.config.SlackConfig;
import dev.chatgen.config.SlackMode;
import dev.chatgen.moderation.ModelsCommand;
import dev.chatgen.moderation.Quotas;
import dev.chatgen.moderation.SafetyRules;
import dev.chatgen.testing.BotPipeline;
import dev.chatgen.testing.MutableClock;
import dev.chatgen.testing.SharedEngine;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moderation on Slack end to end, as in {@link SlackEndToEndTest}: /chatgen-models and
 * /chatgen-forget-me fed to Bolt as signed requests, answered through the response_url of the fake
 * Slack; a request's standing (moderator or not) from users.info, cached.
 */
class SlackModerationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String GENERAL = "C0GENERAL";
    private static final String RANDOM = "C0RANDOM";
    /** Named by the operator (moderation.slack-moderators), not a workspace admin. */
    private static final String CONFIGURED = "UMOD";

    @TempDir
    Path dir;

    private FakeSlack slack;
    private BotPipeline pipeline;
    private SlackBot bot;

    /** The fake workspace (ann and bob ordinary, ada an admin, owen the owner, mo configured) and the bot on it. */
    private void start(Quotas.Limits quotas) throws Exception {
        slack = new FakeSlack();
        slack.addUser("UANN", "ann", false, false).addUser("UBOB", "bob", false, false).addUser("UADA", "ada", true, false)
                .addUser("UOWEN", "owen", false, true).addUser(CONFIGURED, "mo", false, false)
                .addChannel(GENERAL, "general", true).addChannel(RANDOM, "random", true);
        ModerationConfig settings = new ModerationConfig("", "", SafetyRules.DEFAULT_NEGATIVE_PREFIX, quotas.perHour(), quotas.perDay(),
                Set.of(), Set.of(), Set.of(CONFIGURED));
        pipeline = new BotPipeline(dir, quotas, settings);
        bot = SlackBot.start(new SlackBot.Tokens(FakeSlack.BOT_TOKEN, Optional.empty(), Optional.of(SECRET)),
                new SlackConfig(SlackMode.HTTP, 0, URI.create(slack.apiBase()), 1 << 20), pipeline.chat(), pipeline.progress(),
                pipeline.moderation(), Clock.systemUTC());
        pipeline.dispatchTo(bot.replies());
    }

    @AfterEach
    void stop() throws Exception {
        if (bot != null) {
            bot.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (slack != null) {
            slack.close();
        }
    }

    @Test
    void aChannelRule_steersItsPictures_andWinsOverTheWorkspaceRule() throws Exception {
        start(Quotas.Limits.NONE);
        assertEquals("Models at slack:channel:" + GENERAL + ": only tag:anime (was everything).",
                command("UADA", GENERAL, SlackModerationCommands.MODELS, "channel allow tag:anime"));
        String photo = mention("UANN", GENERAL, "a lighthouse on a cliff at dusk, like a real photo");
        T2IModel there = modelOf(awaitPicture(GENERAL, photo, 1));
        assertTrue(there.tags().contains("anime"), "an anime model for a photo request where only anime is allowed: " + there.id());

        assertEquals("Models at slack:workspace:" + FakeSlack.TEAM_ID + ": everything except tag:anime (was everything).",
                command("UOWEN", GENERAL, SlackModerationCommands.MODELS, "deny tag:anime"));
        String words = "a cute anime girl with big eyes and pink hair, manga style";
        String inChannel = mention("UBOB", GENERAL, words);
        String elsewhere = mention("UBOB", RANDOM, words);
        T2IModel channelRuled = modelOf(awaitPicture(GENERAL, inChannel, 1));
        T2IModel workspaceRuled = modelOf(awaitPicture(RANDOM, elsewhere, 1));
        assertTrue(channelRuled.tags().contains("anime"), "the channel allows anime, whatever the workspace says: " + channelRuled.id());
        assertFalse(workspaceRuled.tags().contains("anime"), "another channel follows the workspace's deny: " + workspaceRuled.id());
    }

    @Test
    void aDenyThatLeavesNothingFitting_isExplainedInTheThread_namingWhatIsAllowed() throws Exception {
        start(Quotas.Limits.NONE);
        command("UADA", GENERAL, SlackModerationCommands.MODELS, "channel allow tag:anime");
        command("UADA", GENERAL, SlackModerationCommands.MODELS, "channel allow model:pixel_art_xl");
        // Left: one SDXL LoRA, whose base checkpoint is not allowed, so no picture can be planned here.
        assertEquals("Models at slack:channel:" + GENERAL + ": only model:pixel_art_xl (was only tag:anime, model:pixel_art_xl).",
                command("UADA", GENERAL, SlackModerationCommands.MODELS, "channel deny tag:anime"));

        String ts = mention("UANN", GENERAL, "a red fox in the snow");
        PostedMessage reply = awaitBotMessage(GENERAL, ts, m -> m.text().contains("None of the models allowed here"));
        assertTrue(reply.text().contains("Allowed here, only model:pixel_art_xl"), reply.text());
        assertEquals(0, count("SELECT COUNT(*) FROM image"), "no picture was made");
    }

    @Test
    void aNonAdmin_isRefusedAndNothingChanges_whileAConfiguredModeratorMay() throws Exception {
        start(Quotas.Limits.NONE);
        String no = "Only workspace admins and owners, or the moderators the bot's operator named, can change which models I use.";
        assertEquals(no, command("UBOB", GENERAL, SlackModerationCommands.MODELS, "channel allow tag:anime"));
        assertEquals(no, command("UBOB", GENERAL, SlackModerationCommands.MODELS, "deny type:lora"));
        assertEquals(no, command("UBOB", GENERAL, SlackModerationCommands.MODELS, "audit"));
        slack.failNext("users.info", "ratelimited");
        assertEquals("I couldn't check your role with Slack (ratelimited); please try again in a moment.",
                command("UADA", GENERAL, SlackModerationCommands.MODELS, "deny type:lora"));
        assertEquals(0, count("SELECT COUNT(*) FROM model_policy"));
        assertEquals(0, count("SELECT COUNT(*) FROM audit_log"));

        assertEquals("Models at slack:workspace:" + FakeSlack.TEAM_ID + ": everything except type:lora (was everything).",
                command(CONFIGURED, GENERAL, SlackModerationCommands.MODELS, "deny type:lora"));
        assertEquals(1, count("SELECT COUNT(*) FROM model_policy WHERE scope = 'slack:workspace:" + FakeSlack.TEAM_ID
                + "' AND mode = 'DENYLIST' AND updated_by = '" + CONFIGURED + "'"));
        assertEquals(1, count("SELECT COUNT(*) FROM audit_log WHERE actor = '" + CONFIGURED + "' AND platform = 'slack'"));
        assertTrue(slack.calls().stream().noneMatch(c -> c.method().equals("users.info") && CONFIGURED.equals(c.param("user"))),
                "a configured moderator needs no users.info");

        String usage = command(CONFIGURED, GENERAL, SlackModerationCommands.MODELS, "");
        assertTrue(usage.startsWith("`/chatgen-models [channel] VERB [RULE]`") && usage.contains(ModelsCommand.usage()), usage);
        String unknown = command(CONFIGURED, GENERAL, SlackModerationCommands.MODELS, "channel ban tag:anime");
        assertTrue(unknown.startsWith("\"ban\" is not something I can do."), unknown);
        String noRule = command(CONFIGURED, GENERAL, SlackModerationCommands.MODELS, "allow");
        assertTrue(noRule.startsWith("allow needs a rule."), noRule);
        // Slack escapes what people type; the rule reaches the policies unescaped, and the answer is escaped again.
        String odd = command(CONFIGURED, GENERAL, SlackModerationCommands.MODELS, "allow tag:&lt;b&gt; &amp; co");
        assertEquals("No model in the catalog matches tag:&lt;b&gt; &amp; co.", odd);
        assertEquals(1, count("SELECT COUNT(*) FROM audit_log"), "the failed commands changed nothing");
    }

    @Test
    void aConfiguredModerator_mayDeleteSomeoneElsesPicture() throws Exception {
        start(Quotas.Limits.NONE);
        String thread = mention("UANN", GENERAL, "a paper boat on a pond");
        PostedMessage picture = awaitPicture(GENERAL, thread, 1);

        assertEquals(200, signed(SlackPayloads.interactiveFormBody(slack.blockActions(CONFIGURED, GENERAL, picture.ts(), "chatgen:delete")),
                "application/x-www-form-urlencoded").statusCode());
        slack.awaitCall("chat.delete", c -> picture.ts().equals(c.param("ts")), WAIT);
        assertEquals(0, usersInfoCalls(CONFIGURED), "a configured moderator needs no lookup");
    }

    @Test
    void audit_listsWhoChangedWhat_withBeforeAndAfter_perScope() throws Exception {
        start(Quotas.Limits.NONE);
        command("UADA", GENERAL, SlackModerationCommands.MODELS, "channel allow tag:anime");
        command("UOWEN", GENERAL, SlackModerationCommands.MODELS, "channel allow base:sdxl");

        List<String> lines = command("UADA", GENERAL, SlackModerationCommands.MODELS, "channel audit").lines().toList();
        assertEquals(2, lines.size(), lines.toString());
        String scope = "slack:channel:" + GENERAL;
        assertTrue(lines.get(0).contains("UOWEN (slack)  allow base:sdxl  " + scope
                + "  before: only tag:anime; after: only tag:anime, base:sdxl"), "newest first: " + lines);
        assertTrue(lines.get(1).contains("UADA (slack)  allow tag:anime  " + scope + "  before: everything; after: only tag:anime"),
                lines.toString());
        assertEquals("No changes at slack:workspace:" + FakeSlack.TEAM_ID + " yet.",
                command("UADA", GENERAL, SlackModerationCommands.MODELS, "audit"));
        String shown = command("UOWEN", GENERAL, SlackModerationCommands.MODELS, "channel show");
        assertTrue(shown.startsWith("Models at " + scope + ": only tag:anime, base:sdxl ("), shown);
    }

    @Test
    void forgetMe_erasesTheCallersMessagesAndJobs_andSaysWhatWent() throws Exception {
        start(Quotas.Limits.NONE);
        String ann = mention("UANN", GENERAL, "a paper boat on a pond");
        awaitPicture(GENERAL, ann, 1);
        said("UANN", GENERAL, ann, "now at night");
        awaitPicture(GENERAL, ann, 2);
        String bob = mention("UBOB", GENERAL, "a red fox in the snow");
        awaitPicture(GENERAL, bob, 1);

        assertEquals("Done: I erased everything I stored about you (2 messages, 2 picture requests, 2 pictures). "
                        + "Pictures I already posted in Slack stay there; the Delete button under each still removes it.",
                command("UANN", RANDOM, SlackModerationCommands.FORGET_ME, ""));
        assertEquals(0, count("SELECT COUNT(*) FROM turn WHERE platform = 'slack' AND author_id = 'UANN'"));
        assertEquals(0, count("SELECT COUNT(*) FROM generation_job WHERE requester = 'slack:UANN'"));
        assertEquals(1, count("SELECT COUNT(*) FROM turn WHERE platform = 'slack' AND author_id = 'UBOB'"), "bob's stays");
        assertEquals(1, count("SELECT COUNT(*) FROM generation_job WHERE requester = 'slack:UBOB'"), "bob's stays");
        assertEquals("I had nothing stored about you, so there was nothing to erase.",
                command("UANN", GENERAL, SlackModerationCommands.FORGET_ME, ""));
    }

    @Test
    void anAdmin_isNotHeldToTheHourlyQuota_andUsersInfoIsAskedOncePerPerson() throws Exception {
        start(new Quotas.Limits(1, 0));
        String first = mention("UANN", GENERAL, "a paper boat on a pond");
        awaitPicture(GENERAL, first, 1);
        String second = mention("UANN", GENERAL, "a red fox in the snow");
        PostedMessage refused = awaitBotMessage(GENERAL, second, m -> m.text().startsWith("You've asked for"));
        assertTrue(refused.text().contains("1 pictures in the last hour, the most one person may"), refused.text());

        String ada = mention("UADA", GENERAL, "a cozy cabin in the snow");
        awaitPicture(GENERAL, ada, 1);
        said("UADA", GENERAL, ada, "now at night");
        awaitPicture(GENERAL, ada, 2);
        said("UADA", GENERAL, ada, "with a full moon");
        awaitPicture(GENERAL, ada, 3);
        assertEquals(3, count("SELECT COUNT(*) FROM generation_job WHERE requester = 'slack:UADA'"));

        assertEquals(1, usersInfoCalls("UADA"), "the admin's standing is remembered across their messages");
        assertEquals(1, usersInfoCalls("UANN"), "so is an ordinary person's");
    }

    @Test
    void standing_isRememberedTenMinutes_aFailedLookupCountsAsNo_andIsAskedAgain() throws Exception {
        slack = new FakeSlack();
        slack.addUser("UADA", "ada", true, false).addUser("UANN", "ann", false, false);
        try (Slack sdk = Slack.getInstance(slack.slackConfig())) {
            MethodsClient api = sdk.methods(FakeSlack.BOT_TOKEN);
            MutableClock clock = MutableClock.atNoon();
            SlackModerators moderators = new SlackModerators(api, Set.of(CONFIGURED), clock);

            slack.failNext("users.info", "ratelimited");
            assertFalse(moderators.standing("UADA").moderator(), "users.info failed: no moderator, this time");
            assertTrue(moderators.standing("UADA").moderator());
            assertTrue(moderators.standing("UADA").moderator());
            assertEquals(2, usersInfoCalls("UADA"), "the failure was not remembered, the answer was");
            clock.advance(SlackModerators.REMEMBER.minusSeconds(1));
            assertTrue(moderators.moderates("UADA"));
            assertEquals(2, usersInfoCalls("UADA"));
            clock.advance(Duration.ofSeconds(2));
            assertTrue(moderators.moderates("UADA"));
            assertEquals(3, usersInfoCalls("UADA"), "asked again after ten minutes");

            assertFalse(moderators.standing("UANN").moderator());
            assertTrue(moderators.standing(CONFIGURED).moderator());
            assertEquals(0, usersInfoCalls(CONFIGURED));
            assertFalse(moderators.standing("UADA").adultPlace(), "NSFW models are never used on Slack");
        }
    }

    @Test
    void theModelsText_isAnOptionalScopeWord_aVerb_andTheRestAsTheRule_unescaped() {
        assertEquals(new ModelsRequest(true, ModelsCommand.Verb.ALLOW, Optional.of("base:SD 1.5")),
                ModelsRequest.parse("  Channel  ALLOW   base:SD 1.5 "));
        assertEquals(new ModelsRequest(false, ModelsCommand.Verb.DENY, Optional.of("tag:<b> & co")),
                ModelsRequest.parse("deny tag:&lt;b&gt; &amp; co"));
        assertEquals(new ModelsRequest(false, ModelsCommand.Verb.SHOW, Optional.empty()), ModelsRequest.parse("show"));
        assertEquals(new ModelsRequest(true, ModelsCommand.Verb.AUDIT, Optional.empty()), ModelsRequest.parse("channel audit"));
        assertEquals(ModelsRequest.usage(), assertThrows(IllegalArgumentException.class, () -> ModelsRequest.parse("")).getMessage());
        assertEquals(ModelsRequest.usage(), assertThrows(IllegalArgumentException.class, () -> ModelsRequest.parse(" channel ")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelsRequest.parse("purge")).getMessage().startsWith("\"purge\""));
    }

    // ------------------------------------------------------------------ helpers

    private HttpResponse<String> signed(String body, String contentType) throws Exception {
        return SlackSigning.post(bot.httpPort().orElseThrow(), SECRET, body, contentType);
    }

    /** A slash command: acked empty at once, then answered through its response_url, to the caller only. */
    private String command(String user, String channel, String command, String text) throws Exception {
        ObjectNode cmd = slack.slashCommand(user, channel, command, text);
        HttpResponse<String> ack = signed(SlackPayloads.formBody(cmd), "application/x-www-form-urlencoded");
        assertEquals(200, ack.statusCode(), ack.body());
        assertEquals("", ack.body(), "the ack is empty; the answer comes later");
        FakeSlack.ResponseUrlPost answer = slack.awaitResponseUrlPost(cmd.path("response_url").asText(), WAIT);
        assertEquals("ephemeral", answer.json().path("response_type").asText(), answer.body());
        return answer.json().path("text").asText();
    }

    private String mention(String user, String channel, String words) throws Exception {
        String ts = slack.postedAsUser(user, channel, "<@" + FakeSlack.BOT_USER_ID + "> " + words, null);
        assertEquals(200, signed(SlackPayloads.eventCallback(slack.appMentionEvent(channel, ts)).toString(), "application/json").statusCode());
        return ts;
    }

    private void said(String user, String channel, String thread, String words) throws Exception {
        String ts = slack.postedAsUser(user, channel, words, thread);
        assertEquals(200, signed(SlackPayloads.eventCallback(slack.messageEvent(channel, ts)).toString(), "application/json").statusCode());
    }

    private PostedMessage awaitBotMessage(String channel, String thread, Predicate<PostedMessage> match) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < until) {
            Optional<PostedMessage> m = slack.thread(channel, thread).stream().filter(p -> p.fromBot() && match.test(p)).findFirst();
            if (m.isPresent()) {
                return m.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no such reply in thread " + thread + ": " + slack.thread(channel, thread));
    }

    /** The bot's nth summary (the message with blocks) in the thread. */
    private PostedMessage awaitPicture(String channel, String thread, int nth) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < until) {
            List<PostedMessage> summaries = slack.thread(channel, thread).stream().filter(m -> m.fromBot() && m.blocks() != null).toList();
            if (summaries.size() >= nth) {
                return summaries.get(nth - 1);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no picture " + nth + " in thread " + thread + ": " + slack.thread(channel, thread));
    }

    /** The model the summary's job was planned with, from its stored plan. */
    private T2IModel modelOf(PostedMessage summary) throws Exception {
        long job = -1;
        for (JsonNode b : summary.blocks()) {
            if (b.path("type").asText().equals("actions")) {
                job = Long.parseLong(b.path("block_id").asText().substring("chatgen-job-".length()));
            }
        }
        long id = job;
        String plan = pipeline.db().inTransaction("plan", c -> {
            try (ResultSet r = c.createStatement().executeQuery("SELECT plan_json FROM step_trace WHERE job_id = " + id)) {
                return r.next() ? r.getString(1) : "{}";
            }
        });
        String model = FakeSlack.JSON.readTree(plan).path("model").asText();
        return SharedEngine.catalog().find(model).orElseThrow(() -> new AssertionError("job " + id + ": no model in " + plan));
    }

    private int count(String sql) {
        return pipeline.db().inTransaction("count", c -> {
            try (ResultSet r = c.createStatement().executeQuery(sql)) {
                r.next();
                return r.getInt(1);
            }
        });
    }

    private long usersInfoCalls(String user) {
        return slack.calls().stream().filter(c -> c.method().equals("users.info") && user.equals(c.param("user"))).count();
    }
}
