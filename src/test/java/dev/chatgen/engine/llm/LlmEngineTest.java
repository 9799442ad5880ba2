package dev.chatgen.engine.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgen.catalog.GenArgs;
import dev.chatgen.chat.Attachment;
import dev.chatgen.config.LlmConfig;
import dev.chatgen.config.LlmInputFormat;
import dev.chatgen.config.StageBackend;
import dev.chatgen.engine.Engine;
import dev.chatgen.engine.EngineBuilder;
import dev.chatgen.engine.EngineSettings;
import dev.chatgen.engine.ModelMask;
import dev.chatgen.engine.PlanRequest;
import dev.chatgen.engine.PlanResult;
import dev.chatgen.testing.SharedEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole engine on the default catalog with stages 1 and 3 asking an OpenAI-compatible server on loopback. */
class LlmEngineTest {
    private static final String PROMPT = "RAW photo, an old fisherman mending his nets on a dock, sunrise, written by the LLM";
    private static final GenArgs ARGS = new GenArgs("Euler a", 33, 6.5, 768, 768);

    private static FakeOpenAi server;
    private static Engine instruct;
    private static Engine chatGen;

    @BeforeAll
    static void build() {
        server = FakeOpenAi.start();
        instruct = engine("qwen2.5-7b-instruct");
        chatGen = engine("chatgen-evo");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Engine engine(String model) {
        LlmConfig llm = new LlmConfig(StageBackend.LLM, StageBackend.LLM, server.url(), model, "", Duration.ofMillis(300),
                LlmInputFormat.AUTO, false);
        return EngineBuilder.build(SharedEngine.catalog(), SharedEngine.encoder(), EngineSettings.defaults(Path.of("data/model-tokens")), llm);
    }

    /** Stage 1 and stage 3 told apart by what they ask for. */
    private static void answerBoth(String prompt, GenArgs args) {
        server.respondWith(r -> r.system().contains("generation settings")
                ? FakeOpenAi.answer("{\"sampler\": \"" + args.sampler() + "\", \"steps\": " + args.steps() + ", \"cfg_scale\": " + args.cfgScale()
                        + ", \"width\": " + args.width() + ", \"height\": " + args.height() + "}")
                : FakeOpenAi.answer("{\"prompt\": \"" + prompt + "\", \"negative_prompt\": \"cartoon, blurry\"}"));
    }

    private static PlanResult.Planned plan(Engine engine, PlanRequest request) {
        return assertInstanceOf(PlanResult.Planned.class, engine.plan(request));
    }

    private static PlanRequest request(String... turns) {
        return new PlanRequest(List.of(turns), List.of(), ModelMask.safeForWork());
    }

    @Test
    void plan_theLlmsPromptAndArgumentsAreThePlans() {
        answerBoth(PROMPT, ARGS);
        PlanResult.Planned p = plan(instruct, request("a real photo of an old fisherman mending his nets on the dock at sunrise"));
        assertTrue(p.plan().prompt().endsWith(PROMPT), p.plan().prompt());
        assertEquals("cartoon, blurry", p.plan().negativePrompt());
        assertEquals(ARGS, p.plan().args());
        assertTrue(p.trace().prompt().notes().contains("stage 1: written by qwen2.5-7b-instruct at " + server.url()), p.trace().prompt().notes().toString());
        assertTrue(p.trace().args().notes().get(0).startsWith("stage 3: chosen by qwen2.5-7b-instruct"), p.trace().args().notes().toString());
        assertFalse(p.trace().args().votes().isEmpty());
        assertTrue(instruct.stages().promptWriter().isPresent() && instruct.stages().argConfigurer().isPresent());
    }

    @Test
    void plan_theHistoryGoesAsMessages_earlierTurnsFirst() {
        answerBoth(PROMPT, ARGS);
        plan(instruct, request("a cozy cabin in the snowy mountains at sunset", "now at night"));
        FakeOpenAi.Recorded stage1 = server.requests().stream().filter(r -> r.system().contains("You write prompts")).reduce((a, b) -> b).orElseThrow();
        List<JsonNode> m = stage1.messages();
        assertEquals("a cozy cabin in the snowy mountains at sunset", FakeOpenAi.Recorded.text(m.get(m.size() - 2)));
        assertEquals("now at night", FakeOpenAi.Recorded.text(m.get(m.size() - 1)));
    }

    @Test
    void plan_whenTheLlmFails_thePlanIsTheEmbeddedEnginesOwn() {
        server.respondWith(r -> FakeOpenAi.error(500, "out of memory"));
        PlanRequest r = request("pixel art of a knight fighting a dragon, 16-bit retro game style");
        PlanResult.Planned p = plan(instruct, r);
        PlanResult.Planned own = plan(SharedEngine.engine(), r);
        assertEquals(own.plan(), p.plan());
        String failed = "the LLM at " + server.url() + " failed (HTTP 500): out of memory";
        assertEquals("stage 1: " + failed + "; the embedded writer wrote this prompt", p.trace().prompt().notes().get(0));
        assertEquals("stage 3: " + failed + "; the embedded configurer chose these arguments", p.trace().args().notes().get(0));
    }

    @Test
    void plan_chatGenModel_readsTheAttachedPicture() throws IOException {
        server.respondWith(r -> r.system().contains("generation settings")
                ? FakeOpenAi.error(503, "busy")
                : FakeOpenAi.answer("Prompt: RAW photo, a lighthouse like the reference\nNegativePrompt: lowres"));
        byte[] png = Files.readAllBytes(Path.of("src/test/resources/png/absolutereality_v181-05.png"));
        PlanResult.Planned p = plan(chatGen, new PlanRequest(List.of("a lighthouse, like this"),
                List.of(new Attachment("ref.png", png)), ModelMask.safeForWork()));
        FakeOpenAi.Recorded stage1 = server.requests().stream().filter(r -> r.system().isEmpty()).reduce((a, b) -> b).orElseThrow();
        JsonNode content = stage1.messages().get(0).path("content");
        assertTrue(content.at("/0/image_url/url").asText().startsWith("data:image/png;base64,iVBORw0KGgo"), content.toString());
        assertEquals(ChatGenFormat.MULTI + "a lighthouse, like this", content.at("/1/text").asText());
        assertTrue(p.plan().prompt().contains("RAW photo, a lighthouse like the reference"), p.plan().prompt());
        assertEquals("lowres", p.plan().negativePrompt());
    }

    @Test
    void plan_aCorruptAttachmentIsNeverSentToTheLlm() {
        answerBoth(PROMPT, ARGS);
        byte[] corrupt = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H'};
        plan(chatGen, new PlanRequest(List.of("a lighthouse, like this"), List.of(new Attachment("broken.png", corrupt)), ModelMask.safeForWork()));
        FakeOpenAi.Recorded stage1 = server.requests().stream().filter(r -> r.system().isEmpty()).reduce((a, b) -> b).orElseThrow();
        assertEquals(ChatGenFormat.SINGLE + "a lighthouse, like this", stage1.messages().get(0).path("content").asText());
    }
}
