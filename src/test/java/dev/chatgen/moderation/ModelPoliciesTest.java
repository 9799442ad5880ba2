package dev.chatgen.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.ModelMask;
import dev.chatgen.store.Database;
import dev.chatgen.testing.MutableClock;
import dev.chatgen.testing.SharedEngine;
import dev.chatgen.testing.TestDatabases;
import dev.chatgen.testing.TestDatabases.Kind;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Policies per scope, stored and audited, read as planning masks; on H2 and (when configured) PostgreSQL. */
class ModelPoliciesTest {
    private static final Place GUILD_CHANNEL = new Place("discord", "G1", "C1", false);
    private static final Place OTHER_CHANNEL = new Place("discord", "G1", "C2", false);

    @TempDir
    Path dir;

    private static T2IModel model(String id) {
        return SharedEngine.catalog().find(id).orElseThrow();
    }

    private record Fixture(Database db, ModelPolicies policies, AuditLog audit) implements AutoCloseable {
        @Override
        public void close() {
            db.close();
        }
    }

    private Fixture open(Kind kind) {
        Database db = TestDatabases.open(kind, dir);
        AuditLog audit = new AuditLog(db);
        return new Fixture(db, new ModelPolicies(db, SharedEngine.catalog(), audit, MutableClock.atNoon()), audit);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aChannelRule_overridesItsGuilds_andOtherChannelsFollowTheGuild(Kind kind) {
        try (Fixture f = open(kind)) {
            f.policies().deny(Scope.workspace("discord", "G1"), ModelRule.parse("tag:anime"), "discord", "mod");
            f.policies().allow(Scope.channel("discord", "C1"), ModelRule.parse("tag:anime"), "discord", "mod");

            Predicate<T2IModel> inC1 = f.policies().allowedAt(GUILD_CHANNEL);
            Predicate<T2IModel> inC2 = f.policies().allowedAt(OTHER_CHANNEL);
            assertTrue(inC1.test(model("anythingV5_PrtRE")));
            assertFalse(inC1.test(model("dreamshaper_8")), "the channel's allowlist holds only anime");
            assertFalse(inC2.test(model("anythingV5_PrtRE")), "the guild denies anime");
            assertTrue(inC2.test(model("dreamshaper_8")));
            assertTrue(f.policies().allowedAt(new Place("discord", "G2", "C9", false)).test(model("anythingV5_PrtRE")), "another guild: everything");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theGlobalPolicy_appliesEverywhere_onTopOfThePlacesOwn(Kind kind) {
        try (Fixture f = open(kind)) {
            f.policies().deny(Scope.GLOBAL, ModelRule.parse("model:dreamshaper_8"), "console", "op");
            f.policies().allow(Scope.channel("discord", "C1"), ModelRule.parse("model:dreamshaper_8"), "discord", "mod");

            assertFalse(f.policies().allowedAt(GUILD_CHANNEL).test(model("dreamshaper_8")));
            assertFalse(f.policies().allowedAt(Place.console("console")).test(model("dreamshaper_8")));
            assertTrue(f.policies().allowedAt(Place.console("console")).test(model("sd_xl_base_1_0")));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aLora_needsItsBaseCheckpointAllowedToo(Kind kind) {
        try (Fixture f = open(kind)) {
            // add_detail is a LoRA on realisticVisionV51_v51VAE.
            f.policies().deny(Scope.workspace("discord", "G1"), ModelRule.parse("model:realisticVisionV51_v51VAE"), "discord", "mod");
            assertFalse(f.policies().allowedAt(GUILD_CHANNEL).test(model("add_detail")));
            assertTrue(f.policies().allowedAt(GUILD_CHANNEL).test(model("add_detail_xl")));

            ModelMask mask = f.policies().mask(GUILD_CHANNEL, ModelMask.safeForWork());
            assertEquals(Optional.of("not allowed here"), mask.rejection(model("add_detail")));
            assertEquals(Optional.of("flagged NSFW"), mask.rejection(model("chilloutmix_NiPrunedFp32Fix")));
            assertEquals(Optional.empty(), f.policies().mask(new Place("discord", "G1", "C1", true), ModelMask.safeForWork())
                    .rejection(model("chilloutmix_NiPrunedFp32Fix")), "an adult place lets NSFW models through");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everyChange_isAudited_withWhoWhenAndBeforeAndAfter_andResetAllowsEverythingAgain(Kind kind) {
        try (Fixture f = open(kind)) {
            Scope guild = Scope.workspace("discord", "G1");
            f.policies().allow(guild, ModelRule.parse("tag:anime"), "discord", "U1");
            ModelPolicies.Change reset = f.policies().reset(guild, "discord", "U2");

            assertEquals(ModelPolicy.EVERYTHING, f.policies().get(guild));
            assertEquals("only tag:anime", reset.before().describe());
            List<AuditLog.Entry> entries = f.audit().recent(Optional.of(guild.key()), 10);
            assertEquals(2, entries.size());
            assertEquals("U2", entries.get(0).actor());
            assertEquals("reset", entries.get(0).action());
            assertEquals("before: only tag:anime; after: everything", entries.get(0).detail());
            assertEquals("allow tag:anime", entries.get(1).action());
            assertEquals("before: everything; after: only tag:anime", entries.get(1).detail());
            assertTrue(f.audit().recent(Optional.of("discord:workspace:G2"), 10).isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aRuleNoModelMatches_isRefused_andChangesNothing(Kind kind) {
        try (Fixture f = open(kind)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.policies().allow(Scope.GLOBAL, ModelRule.parse("model:no_such_model"), "console", "op"));
            assertTrue(e.getMessage().contains("No model in the catalog matches model:no_such_model"), e.getMessage());
            assertEquals(ModelPolicy.EVERYTHING, f.policies().get(Scope.GLOBAL));
            assertTrue(f.audit().recent(Optional.empty(), 10).isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void whenNothingFits_thePlaceIsToldWhatIsAllowed(Kind kind) {
        try (Fixture f = open(kind)) {
            assertEquals("", f.policies().allowedHere(GUILD_CHANNEL));
            f.policies().allow(Scope.channel("discord", "C1"), ModelRule.parse("tag:anime"), "discord", "mod");
            String said = f.policies().allowedHere(GUILD_CHANNEL);
            assertTrue(said.startsWith("Allowed here, only tag:anime (for example "), said);
            assertTrue(said.contains(model("anythingV5_PrtRE").name()), said);
        }
    }
}
