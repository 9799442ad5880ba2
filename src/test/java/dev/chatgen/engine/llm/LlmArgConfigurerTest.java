package dev.chatgen.engine.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgen.catalog.GenArgs;
import dev.chatgen.engine.args.ArgsRequest;
import dev.chatgen.engine.args.ConfiguredArgs;
import dev.chatgen.engine.args.DemonstrationVoteConfigurer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.chatgen.engine.llm.TinyCatalog.INDEX;
import static dev.chatgen.engine.llm.TinyCatalog.PORTRAITS;
import static dev.chatgen.engine.llm.TinyCatalog.THINGS;
import static dev.chatgen.engine.llm.TinyCatalog.XL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stage 3 by an LLM: the model's nearest demonstrations as examples, a strictly checked answer, the embedded configurer standing in. */
class LlmArgConfigurerTest {
    private static final String GOOD = "{\"sampler\": \"DPM++ 2M Karras\", \"steps\": 32, \"cfg_scale\": 5.5, \"width\": 1344, \"height\": 768}";

    private final FakeOpenAi server = FakeOpenAi.start();
    private final DemonstrationVoteConfigurer embedded = new DemonstrationVoteConfigurer(INDEX, 2);
    private final LlmArgConfigurer configurer = new LlmArgConfigurer(TinyCatalog.client(server), embedded, INDEX, 2,
            new LlmOutcomes("stage 3", "the embedded configurer", TinyCatalog.client(server).endpoint()));

    @AfterEach
    void stop() {
        server.close();
    }

    private static ArgsRequest request(float[] h, String... turns) {
        return new ArgsRequest(XL, h, List.of(turns), Optional.empty());
    }

    @Test
    void configure_showsTheModelsNearestDemonstrationsAsExamples_thenTheRequest() {
        server.enqueue(FakeOpenAi.answer(GOOD));
        configurer.configure(request(THINGS, "a lighthouse in a storm", "make it wider"));
        List<JsonNode> m = server.last().messages();
        assertEquals(List.of("system", "user", "assistant", "user", "assistant", "user"), m.stream().map(n -> n.path("role").asText()).toList());
        assertEquals("lighthouse at dusk, wide", m.get(1).path("content").asText());
        assertEquals("{\"sampler\":\"DPM++ 2M Karras\",\"steps\":30,\"cfg_scale\":5.0,\"width\":1216,\"height\":832}", m.get(2).path("content").asText());
        assertEquals("a queen painted in oils", m.get(3).path("content").asText());
        assertEquals("a lighthouse in a storm\nmake it wider", m.get(5).path("content").asText());
        String system = server.last().system();
        for (String expected : List.of("\"Juggernaut XL 9\"", "SDXL 1.0", "Euler a", "DPM++ 2M Karras", "from 512 to 2048", "\"cfg_scale\"")) {
            assertTrue(system.contains(expected), expected + " missing from: " + system);
        }
    }

    @Test
    void configure_usesAGoodAnswer_andTheShownDemonstrationsAreTheVotes() {
        server.enqueue(FakeOpenAi.answer(GOOD));
        ConfiguredArgs a = configurer.configure(request(THINGS, "a lighthouse in a storm"));
        assertEquals(new GenArgs("DPM++ 2M Karras", 32, 5.5, 1344, 768), a.args());
        assertEquals(List.of("l1", "l2"), a.votes().stream().map(ConfiguredArgs.Vote::demoId).toList());
        assertEquals(List.of("stage 3: chosen by qwen2.5-7b at " + server.url() + " from 2 of the model's demonstrations"), a.notes());
    }

    @Test
    void configure_whatThePersonAskedForInWordsStillWins() {
        server.enqueue(FakeOpenAi.answer(GOOD));
        ConfiguredArgs a = configurer.configure(request(THINGS, "a lighthouse in a storm, 45 steps, cfg 8"));
        assertEquals(45, a.args().steps());
        assertEquals(8.0, a.args().cfgScale());
        assertEquals("DPM++ 2M Karras", a.args().sampler());
        assertEquals(List.of("\"45 steps\"", "\"cfg 8\""), a.userRequested());
    }

    @Test
    void configure_theRefinedPictureKeepsItsSize() {
        server.enqueue(FakeOpenAi.answer(GOOD));
        ArgsRequest r = new ArgsRequest(XL, THINGS, List.of("now at night"), Optional.empty(),
                Optional.of(new GenArgs("Euler a", 25, 7, 896, 1152)));
        ConfiguredArgs a = configurer.configure(r);
        assertEquals(new GenArgs("Euler a", 25, 7, 896, 1152), a.args());
    }

    @Test
    void configure_samplerCaseIsASlipNotAnError() {
        server.enqueue(FakeOpenAi.answer("{\"sampler\": \"euler a\", \"steps\": 30, \"cfg_scale\": 6, \"width\": 832, \"height\": 1216}"));
        assertEquals("Euler a", configurer.configure(request(PORTRAITS, "a queen")).args().sampler());
    }

    private void assertEmbeddedStoodIn(ConfiguredArgs a, ArgsRequest r, String note) {
        assertEquals(embedded.configure(r).args(), a.args());
        assertEquals(List.of(note), a.notes());
    }

    @Test
    void configure_anUnknownSampler_theEmbeddedConfigurerChooses() {
        server.enqueue(FakeOpenAi.answer("{\"sampler\": \"Hyper Turbo 9000\", \"steps\": 30, \"cfg_scale\": 6, \"width\": 1024, \"height\": 1024}"));
        ArgsRequest r = request(PORTRAITS, "a queen");
        assertEmbeddedStoodIn(configurer.configure(r), r, "stage 3: the LLM at " + server.url()
                + " chose the sampler \"Hyper Turbo 9000\", which AUTOMATIC1111 does not know; the embedded configurer chose these arguments");
    }

    @Test
    void configure_999Steps_theEmbeddedConfigurerChooses() {
        server.enqueue(FakeOpenAi.answer("{\"sampler\": \"Euler a\", \"steps\": 999, \"cfg_scale\": 6, \"width\": 1024, \"height\": 1024}"));
        ArgsRequest r = request(PORTRAITS, "a queen");
        assertEmbeddedStoodIn(configurer.configure(r), r, "stage 3: the LLM at " + server.url()
                + " chose 999 steps; 1 to 150 are possible; the embedded configurer chose these arguments");
    }

    @Test
    void configure_aSizeTheFamilyCannotRender_theEmbeddedConfigurerChooses() {
        server.enqueue(FakeOpenAi.answer("{\"sampler\": \"Euler a\", \"steps\": 30, \"cfg_scale\": 6, \"width\": 4096, \"height\": 1000}"));
        ArgsRequest r = request(PORTRAITS, "a queen");
        assertEmbeddedStoodIn(configurer.configure(r), r, "stage 3: the LLM at " + server.url()
                + " chose 4096x1000; SDXL 1.0 renders sides from 512 to 2048 in multiples of 8; the embedded configurer chose these arguments");
    }

    @Test
    void configure_aMissingField_theEmbeddedConfigurerChooses() {
        server.enqueue(FakeOpenAi.answer("{\"sampler\": \"Euler a\", \"steps\": 30, \"width\": 1024, \"height\": 1024}"));
        ArgsRequest r = request(PORTRAITS, "a queen");
        assertEmbeddedStoodIn(configurer.configure(r), r, "stage 3: the LLM at " + server.url()
                + " left cfg_scale out of its arguments; the embedded configurer chose these arguments");
    }

    @Test
    void configure_notJson_theEmbeddedConfigurerChooses() {
        server.enqueue(FakeOpenAi.answer("Use Euler a with 30 steps."));
        ArgsRequest r = request(PORTRAITS, "a queen");
        assertEmbeddedStoodIn(configurer.configure(r), r, "stage 3: the LLM at " + server.url()
                + " answered with something other than the JSON object of arguments asked for; the embedded configurer chose these arguments");
    }

    @Test
    void configure_aTimeout_theEmbeddedConfigurerChooses() {
        server.enqueue(FakeOpenAi.slow(Duration.ofSeconds(5), FakeOpenAi.answer(GOOD)));
        ArgsRequest r = request(PORTRAITS, "a queen");
        assertEmbeddedStoodIn(configurer.configure(r), r, "stage 3: the LLM at " + server.url()
                + " timed out after 300 ms; the embedded configurer chose these arguments");
    }

    @Test
    void configure_rateLimited_theEmbeddedConfigurerChooses() {
        server.enqueue(FakeOpenAi.rateLimited(60));
        ArgsRequest r = request(PORTRAITS, "a queen");
        assertEmbeddedStoodIn(configurer.configure(r), r, "stage 3: the LLM at " + server.url()
                + " is rate-limiting requests (HTTP 429, retry after 60 s); the embedded configurer chose these arguments");
    }

    @Test
    void configure_aServerError_theEmbeddedConfigurerChooses() {
        server.enqueue(FakeOpenAi.error(500, "engine dead"));
        ArgsRequest r = request(PORTRAITS, "a queen");
        assertEmbeddedStoodIn(configurer.configure(r), r, "stage 3: the LLM at " + server.url()
                + " failed (HTTP 500): engine dead; the embedded configurer chose these arguments");
    }
}
