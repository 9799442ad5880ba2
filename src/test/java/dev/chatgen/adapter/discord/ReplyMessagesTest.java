package dev.chatgen.adapter.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.engine.PlanRequest;
import dev.chatgen.engine.PlanResult;
import dev.chatgen.engine.StepTrace;
import dev.chatgen.queue.Outbox;
import dev.chatgen.testing.SharedEngine;
import java.util.List;
import java.util.Optional;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.junit.jupiter.api.Test;

class ReplyMessagesTest {
    private static Outbox.Steps steps(String request) {
        PlanResult.Planned p = (PlanResult.Planned) SharedEngine.engine().plan(PlanRequest.of(request));
        return new Outbox.Steps(p.plan(), p.trace());
    }

    @Test
    void theExpandedSteps_showAllThreeStages() {
        Outbox.Steps s = steps("a cute cartoon fox with big eyes, pastel colors, 30 steps");
        ReplyMessages.StepsView view = ReplyMessages.expanded(12, s);

        List<String> names = view.embed().getFields().stream().map(MessageEmbed.Field::getName).toList();
        assertTrue(names.get(0).startsWith("1 · Prompt"), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("2 · Model")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("3 · Arguments")), names.toString());
        assertEquals(s.plan().prompt(), view.embed().getFields().get(0).getValue());
        String model = view.embed().getFields().stream().filter(f -> f.getName().startsWith("2")).findFirst().orElseThrow().getValue();
        assertTrue(model.contains(s.plan().model().name()) && model.contains("Candidates:") && model.contains("%"), model);
        assertTrue(view.fullTrace().isEmpty());
        assertTrue(view.embed().getFooter().getText().contains("job 12"));
    }

    @Test
    void aStageThatFellBack_isSaidInTheSteps() {
        Outbox.Steps s = steps("a red fox in the snow");
        StepTrace t = s.trace();
        StepTrace.ArgsStep args = new StepTrace.ArgsStep(t.args().args(), t.args().votes(), t.args().userRequested(),
                List.of("stage 3: the LLM answered steps 999; the embedded configurer chose these arguments"), t.args().micros());
        StepTrace withNote = new StepTrace(t.request(), t.notes(), t.prompt(), t.selection(), args, t.totalMicros());
        MessageEmbed embed = ReplyMessages.expanded(1, new Outbox.Steps(s.plan(), withNote)).embed();

        assertTrue(embed.getFields().stream().anyMatch(f -> f.getName().equals("Notes") && f.getValue().contains("steps 999")),
                embed.getFields().toString());
        assertTrue(ReplyMessages.expanded(1, s).embed().getFields().stream().noneMatch(f -> f.getName().equals("Notes")));
    }

    @Test
    void stepsTooLongForDiscord_areCut_saySo_andComeWhole_asAFile() {
        Outbox.Steps s = steps("a castle on a hill, " + "with towers and banners and a moat and a drawbridge, ".repeat(120));
        GenerationPlan long_ = new GenerationPlan(s.plan().prompt() + ", " + "intricate detail, ".repeat(200),
                s.plan().negativePrompt() + ", " + "blurry, ".repeat(400), s.plan().model(), s.plan().checkpoint(), s.plan().loras(), s.plan().args());
        ReplyMessages.StepsView view = ReplyMessages.expanded(7, new Outbox.Steps(long_, s.trace()));

        assertTrue(view.embed().getLength() <= ReplyMessages.EMBED_TOTAL, "embed length " + view.embed().getLength());
        view.embed().getFields().forEach(f -> assertTrue(f.getValue().length() <= ReplyMessages.FIELD_VALUE, f.getName()));
        assertTrue(view.embed().getFooter().getText().startsWith("Shortened to fit Discord"));
        assertEquals("steps-7.txt", view.fullTrace().orElseThrow().getName());
    }

    @Test
    void theCompactEmbed_namesModelAndSettings() {
        Outbox.Steps s = steps("a watercolor lighthouse at dusk");
        MessageEmbed compact = ReplyMessages.compact(3, s);
        assertTrue(compact.getTitle().startsWith(s.plan().model().name()), compact.getTitle());
        assertEquals(s.plan().args().summary(), compact.getFields().get(0).getValue());
        assertTrue(compact.getLength() <= ReplyMessages.EMBED_TOTAL);
    }

    @Test
    void buttons_toggleBetweenShowAndHide_andTheirIdsParseBack() {
        List<String> shown = ReplyMessages.buttons(42, false).getButtons().stream().map(Button::getLabel).toList();
        assertEquals(List.of("Show steps", "Edit", "Reroll", "Delete"), shown);
        assertEquals("Hide steps", ReplyMessages.buttons(42, true).getButtons().get(0).getLabel());

        String id = ReplyMessages.buttons(42, false).getButtons().get(0).getCustomId();
        assertTrue(id.length() <= 100);
        assertEquals(Optional.of(new ReplyMessages.Click("steps", 42)), ReplyMessages.Click.parse(id));
        assertEquals(Optional.empty(), ReplyMessages.Click.parse("someone-elses:button"));
        assertEquals(Optional.empty(), ReplyMessages.Click.parse("chatgen:steps:notanumber"));
        assertEquals(Optional.of("998877"), ReplyMessages.editedMessage(ReplyMessages.editModalId(42, "998877")));
        assertEquals(Optional.empty(), ReplyMessages.editedMessage("chatgen:steps:42"));
    }
}
