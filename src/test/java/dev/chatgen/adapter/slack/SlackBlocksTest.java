package dev.chatgen.adapter.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.engine.PlanRequest;
import dev.chatgen.engine.PlanResult;
import dev.chatgen.engine.StepTrace;
import dev.chatgen.queue.Outbox;
import dev.chatgen.testing.SharedEngine;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlackBlocksTest {
    private static final PictureRef REF = new PictureRef(12, "F0123", "U42");

    private static Outbox.Steps steps(String request) {
        PlanResult.Planned p = (PlanResult.Planned) SharedEngine.engine().plan(PlanRequest.of(request));
        return new Outbox.Steps(p.plan(), p.trace());
    }

    /** The blocks as the SDK sends them to Slack. */
    private static JsonArray json(List<LayoutBlock> blocks) {
        return GsonFactory.createSnakeCase().toJsonTree(blocks).getAsJsonArray();
    }

    private static List<String> sectionTexts(JsonArray blocks) {
        List<String> out = new ArrayList<>();
        for (JsonElement b : blocks) {
            JsonObject o = b.getAsJsonObject();
            if (o.get("type").getAsString().equals("section")) {
                out.add(o.getAsJsonObject("text").get("text").getAsString());
            }
        }
        return out;
    }

    private static List<JsonObject> buttons(JsonArray blocks) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement b : blocks) {
            JsonObject o = b.getAsJsonObject();
            if (o.get("type").getAsString().equals("actions")) {
                o.getAsJsonArray("elements").forEach(e -> out.add(e.getAsJsonObject()));
            }
        }
        return out;
    }

    @Test
    void theCompactMessage_namesTheModel_theSettings_andCarriesTheButtons() {
        Outbox.Steps s = steps("a watercolor lighthouse at dusk");
        JsonArray blocks = json(SlackBlocks.compact(REF, s));

        assertTrue(sectionTexts(blocks).get(0).startsWith("*" + s.plan().model().name()), blocks.toString());
        assertTrue(blocks.toString().contains("job 12"), blocks.toString());
        List<String> labels = buttons(blocks).stream().map(b -> b.getAsJsonObject("text").get("text").getAsString()).toList();
        assertEquals(List.of("Show steps", "Reroll", "Delete"), labels);
        assertEquals(SlackBlocks.blockId(12), blocks.get(blocks.size() - 1).getAsJsonObject().get("block_id").getAsString());
        assertTrue(buttons(blocks).get(2).has("confirm"), "Delete asks first");
    }

    @Test
    void theExpandedSteps_showAllThreeStages_withThePromptsInCodeBlocks() {
        Outbox.Steps s = steps("a cute cartoon fox with big eyes, pastel colors, no text, 30 steps");
        SlackBlocks.View view = SlackBlocks.expanded(REF, s);
        List<String> sections = sectionTexts(json(view.blocks()));

        assertTrue(sections.stream().anyMatch(t -> t.startsWith("*1 · Prompt") && t.contains("```" + SlackText.escape(s.plan().prompt()) + "```")), sections.toString());
        assertTrue(sections.stream().anyMatch(t -> t.startsWith("*Negative prompt*\n```")), sections.toString());
        String model = sections.stream().filter(t -> t.startsWith("*2 · Model")).findFirst().orElseThrow();
        assertTrue(model.contains(s.plan().model().name()) && model.contains("Candidates:") && model.contains("%"), model);
        assertTrue(sections.stream().anyMatch(t -> t.startsWith("*3 · Arguments") && t.contains(s.plan().args().summary())), sections.toString());
        assertFalse(view.shortened());
        assertEquals("Hide steps", buttons(json(view.blocks())).get(0).getAsJsonObject("text").get("text").getAsString());
    }

    @Test
    void aStageThatFellBack_isSaidInTheSteps() {
        Outbox.Steps s = steps("a red fox in the snow");
        StepTrace t = s.trace();
        StepTrace.ArgsStep args = new StepTrace.ArgsStep(t.args().args(), t.args().votes(), t.args().userRequested(),
                List.of("stage 3: the LLM at http://127.0.0.1:8000/v1 timed out after 20 s; the embedded configurer chose these arguments"),
                t.args().micros());
        StepTrace withNote = new StepTrace(t.request(), t.notes(), t.prompt(), t.selection(), args, t.totalMicros());
        List<String> sections = sectionTexts(json(SlackBlocks.expanded(REF, new Outbox.Steps(s.plan(), withNote)).blocks()));

        assertTrue(sections.stream().anyMatch(x -> x.startsWith("*Notes*\nstage 3: the LLM at") && x.contains("timed out after 20 s")), sections.toString());
        assertTrue(sectionTexts(json(SlackBlocks.expanded(REF, s).blocks())).stream().noneMatch(x -> x.startsWith("*Notes*")));
    }

    @Test
    void stepsTooLongForSlack_areCutTo3000ASection_closeTheirCodeBlock_andSaySo() {
        Outbox.Steps s = steps("a castle on a hill, " + "with towers and banners and a moat and a drawbridge, ".repeat(120));
        GenerationPlan long_ = new GenerationPlan(s.plan().prompt() + ", " + "intricate detail, ".repeat(300),
                s.plan().negativePrompt() + ", " + "blurry, ".repeat(600), s.plan().model(), s.plan().checkpoint(), s.plan().loras(), s.plan().args());
        SlackBlocks.View view = SlackBlocks.expanded(REF, new Outbox.Steps(long_, s.trace()));
        JsonArray blocks = json(view.blocks());

        assertTrue(view.shortened());
        assertTrue(blocks.size() <= SlackBlocks.MAX_BLOCKS);
        for (String t : sectionTexts(blocks)) {
            assertTrue(t.length() <= SlackBlocks.SECTION_TEXT, t.length() + " characters");
            assertEquals(0, (t.length() - t.replace("```", "").length()) / 3 % 2, "code blocks are closed: " + t.substring(0, 40));
        }
        assertTrue(blocks.toString().contains("Shortened to fit Slack"), blocks.toString());
    }

    @Test
    void wordsFromPeople_canNotPingTheChannel_orBreakOutOfTheCodeBlock() {
        Outbox.Steps s = steps("<!channel> a red fox & a ```hare```");
        String all = json(SlackBlocks.expanded(REF, s).blocks()).toString();

        assertFalse(all.contains("<!channel>"), all);
        assertTrue(all.contains("&lt;!channel&gt;"), all);
        assertFalse(SlackText.code("a ```b``` c").substring(3, SlackText.code("a ```b``` c").length() - 3).contains("```"));
    }

    @Test
    void buttons_keepSlacksLimits_andTheirValuesParseBack() {
        JsonArray blocks = json(SlackBlocks.compact(new PictureRef(Long.MAX_VALUE, "F".repeat(20), "U".repeat(20)), steps("a cat")));
        Set<String> actionIds = new HashSet<>();
        for (JsonObject b : buttons(blocks)) {
            assertTrue(actionIds.add(b.get("action_id").getAsString()), "action ids are unique in a message");
            assertTrue(b.get("action_id").getAsString().length() <= 255);
            assertTrue(b.get("value").getAsString().length() <= 2000);
            assertTrue(b.getAsJsonObject("text").get("text").getAsString().length() <= 75);
        }
        assertEquals(Optional.of("steps"), SlackBlocks.action("chatgen:steps"));
        assertEquals(Optional.empty(), SlackBlocks.action("someone-elses"));
        assertEquals(Optional.of(REF), PictureRef.decode(REF.encode()));
        assertEquals(Optional.of(new PictureRef(3, "", "U1")), PictureRef.decode(new PictureRef(3, "", "U1").encode()));
        assertEquals(Optional.empty(), PictureRef.decode("x|F|U"));
        assertEquals(Optional.empty(), PictureRef.decode(null));
    }

    @Test
    void targetsAndMessages_readBackAndLoseTheBotsMention() {
        SlackTarget t = new SlackTarget("C1", "1700000000.000100");
        assertEquals(t, SlackTarget.decode(t.encode()));
        assertEquals(new SlackTarget("D1", ""), SlackTarget.decode(new SlackTarget("D1", "").encode()));
        SlackMessage m = new SlackMessage("T1", "C1", false, "U1", "<@UBOT|chatgen> a fox &amp; a hare &lt;3", "1.1", null, null);
        assertTrue(m.mentions("UBOT"));
        assertFalse(m.mentions("UOTHER"));
        assertEquals("a fox & a hare <3", m.words("UBOT"));
        assertEquals("", m.threadTs());
    }
}
