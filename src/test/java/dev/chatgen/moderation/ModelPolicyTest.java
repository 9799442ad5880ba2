package dev.chatgen.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatgen.catalog.T2IModel;
import dev.chatgen.testing.SharedEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules and one scope's policy, without storage. */
class ModelPolicyTest {
    private static T2IModel model(String id) {
        return SharedEngine.catalog().find(id).orElseThrow();
    }

    @Test
    void rules_parseTheFourKinds_andMatchIgnoringCaseSpacesAndDots() {
        assertTrue(ModelRule.parse("model:DreamShaper_8").matches(model("dreamshaper_8")));
        assertTrue(ModelRule.parse(" Tag: Anime ").matches(model("anythingV5_PrtRE")));
        assertFalse(ModelRule.parse("tag:anime").matches(model("dreamshaper_8")));
        assertTrue(ModelRule.parse("base:SDXL 1.0").matches(model("sd_xl_base_1_0")));
        assertTrue(ModelRule.parse("base:sdxl").matches(model("sd_xl_base_1_0")));
        assertTrue(ModelRule.parse("base:sd15").matches(model("dreamshaper_8")));
        assertFalse(ModelRule.parse("base:SD 1.5").matches(model("sd_xl_base_1_0")));
        assertTrue(ModelRule.parse("type:LoRA").matches(model("add_detail")));
        assertFalse(ModelRule.parse("type:lora").matches(model("dreamshaper_8")));
        assertEquals("tag:anime", ModelRule.parse("TAG:anime").toString());
    }

    @Test
    void malformedRules_areRefused_sayingHowToWriteOne() {
        for (String bad : List.of("anime", "tag:", ":anime", "colour:red", "type:vae", "base:SD 2.1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelRule.parse(bad), bad);
            assertFalse(e.getMessage().isBlank());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelRule.parse("anime")).getMessage().contains("tag:TAG"));
    }

    @Test
    void allowAndDeny_moveBetweenEverythingAllowlistAndDenylist() {
        ModelRule anime = ModelRule.parse("tag:anime");
        ModelRule lora = ModelRule.parse("type:lora");

        ModelPolicy only = ModelPolicy.EVERYTHING.allow(anime);
        assertEquals(ModelPolicy.Mode.ALLOWLIST, only.mode());
        assertTrue(only.allows(model("anythingV5_PrtRE")));
        assertFalse(only.allows(model("dreamshaper_8")));
        assertEquals("only tag:anime", only.describe());

        ModelPolicy except = ModelPolicy.EVERYTHING.deny(lora);
        assertFalse(except.allows(model("add_detail")));
        assertTrue(except.allows(model("dreamshaper_8")));
        assertEquals("everything except type:lora", except.describe());
        assertEquals(ModelPolicy.EVERYTHING, except.allow(lora), "allowing the one denied rule allows everything again");

        ModelPolicy emptied = only.deny(anime);
        assertEquals("nothing (an empty allowlist)", emptied.describe());
        assertFalse(emptied.allows(model("anythingV5_PrtRE")));
        assertEquals(only, only.allow(anime), "allowing twice changes nothing");
    }

    @Test
    void scopes_areGlobalAWorkspaceOrAChannel() {
        assertEquals("discord:workspace:123", Scope.workspace("discord", "123").key());
        assertEquals("slack:channel:C01", Scope.channel("Slack", "C01").key());
        assertEquals(Scope.GLOBAL, Scope.parse(" global "));
        assertEquals("discord", Scope.parse("discord:channel:9").platform().orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> Scope.parse("everywhere"));
        assertThrows(IllegalArgumentException.class, () -> Scope.parse("discord:guild:1"));
    }
}
