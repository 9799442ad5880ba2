package dev.chatgen.engine.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.chat.Attachment;
import dev.chatgen.engine.prompt.PromptRequest;
import dev.chatgen.engine.prompt.ReadRequest;
import dev.chatgen.engine.prompt.StyleBorrowingPromptWriter;
import dev.chatgen.engine.prompt.WrittenPrompt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static dev.chatgen.engine.llm.TinyCatalog.CATALOG;
import static dev.chatgen.engine.llm.TinyCatalog.INDEX;
import static dev.chatgen.engine.llm.TinyCatalog.PHOTO;
import static dev.chatgen.engine.llm.TinyCatalog.PIXEL;
import static dev.chatgen.engine.llm.TinyCatalog.THINGS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stage 1 by an LLM: what it is asked, how its answer is used, and the embedded writer standing in. */
class LlmPromptWriterTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};

    private final FakeOpenAi server = FakeOpenAi.start();
    private final StyleBorrowingPromptWriter embedded = new StyleBorrowingPromptWriter(CATALOG, INDEX);

    @AfterEach
    void stop() {
        server.close();
    }

    private LlmPromptWriter writer(LlmFormat format, boolean vision) {
        ChatCompletions client = format == LlmFormat.CHATGEN ? TinyCatalog.chatGenClient(server) : TinyCatalog.client(server);
        return new LlmPromptWriter(client, format, vision, embedded, INDEX, 4000,
                new LlmOutcomes("stage 1", "the embedded writer", client.endpoint()));
    }

    private static PromptRequest request(T2IModel model, List<Attachment> pictures, String... turns) {
        ReadRequest read = new ReadRequest(String.join(". ", turns), List.of("cabin", "snow"), List.of(), List.of());
        return new PromptRequest(read, List.of(turns), pictures, Optional.empty(), model, THINGS);
    }

    private String where() {
        return "the LLM at " + server.url();
    }

    @Test
    void write_instruct_asksForTheChosenModelWithTheConversationInOrder() {
        server.enqueue(FakeOpenAi.answer("{\"prompt\": \"pixel art, 16-bit, a cabin in the snow at night\", \"negative_prompt\": \"blurry\"}"));
        writer(LlmFormat.INSTRUCT, false).write(request(PIXEL, List.of(), "a cabin in the snow", "now at night"));
        List<JsonNode> messages = server.last().messages();
        assertEquals(List.of("system", "user", "user"), messages.stream().map(m -> m.path("role").asText()).toList());
        String system = server.last().system();
        for (String expected : List.of("\"Pixel Art 1\"", "lora", "SD 1.5", "<lora:pixel:0.8>", "pixel art, 16-bit",
                "<lora:pixel:0.8>, pixel art, 16-bit, a castle", "{\"prompt\": \"...\", \"negative_prompt\": \"...\"}")) {
            assertTrue(system.contains(expected), expected + " missing from: " + system);
        }
        assertEquals("a cabin in the snow", messages.get(1).path("content").asText());
        assertEquals("now at night", messages.get(2).path("content").asText());
    }

    @Test
    void write_instruct_usesTheAnswer_withTheLoraTagItLeftOut() {
        server.enqueue(FakeOpenAi.answer("{\"prompt\": \"pixel art, 16-bit, a cabin in the snow at night\", \"negative_prompt\": \"blurry, text\"}"));
        WrittenPrompt p = writer(LlmFormat.INSTRUCT, false).write(request(PIXEL, List.of(), "a cabin in the snow", "now at night"));
        assertEquals("<lora:pixel:0.8>, pixel art, 16-bit, a cabin in the snow at night", p.prompt());
        assertEquals("blurry, text", p.negativePrompt());
        assertEquals("stage 1: written by qwen2.5-7b at " + server.url(), p.notes().get(0));
        assertEquals(List.of("x1"), p.styleFrom());
    }

    @Test
    void write_instruct_addsMissingTriggerWordsAfterTheTag() {
        server.enqueue(FakeOpenAi.answer("{\"prompt\": \"<lora:pixel:0.6>, a knight\", \"negative_prompt\": \"\"}"));
        WrittenPrompt p = writer(LlmFormat.INSTRUCT, false).write(request(PIXEL, List.of(), "a knight"));
        assertEquals("<lora:pixel:0.6>, pixel art, 16-bit, a knight", p.prompt());
    }

    @Test
    void write_instruct_dropsALoraTagOfAModelNotChosen() {
        server.enqueue(FakeOpenAi.answer("{\"prompt\": \"RAW photo, <lora:someOtherLora:1>, a cabin\", \"negative_prompt\": \"cartoon\"}"));
        WrittenPrompt p = writer(LlmFormat.INSTRUCT, false).write(request(PHOTO, List.of(), "a cabin"));
        assertEquals("RAW photo, a cabin", p.prompt());
        assertTrue(p.notes().contains("removed <lora:someOtherLora:1> from the LLM's prompt: not the model chosen"), p.notes().toString());
    }

    @Test
    void write_instruct_toleratesAThinkBlockAndAJsonFence() {
        server.enqueue(FakeOpenAi.answer("<think>photo model, so RAW photo</think>\n```json\n{\"prompt\": \"RAW photo, a cabin\", \"negative_prompt\": \"cartoon\"}\n```"));
        assertEquals("RAW photo, a cabin", writer(LlmFormat.INSTRUCT, false).write(request(PHOTO, List.of(), "a cabin")).prompt());
    }

    @Test
    void write_visionModel_getsTheAttachedPictureAsADataUri() {
        server.enqueue(FakeOpenAi.answer("{\"prompt\": \"RAW photo, a cabin\", \"negative_prompt\": \"\"}"));
        writer(LlmFormat.INSTRUCT, true).write(request(PHOTO, List.of(new Attachment("ref.png", PNG)), "a cabin like this"));
        JsonNode content = server.last().messages().get(1).path("content");
        assertEquals("a cabin like this", content.at("/0/text").asText());
        assertEquals("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG), content.at("/1/image_url/url").asText());
        assertTrue(server.last().system().contains("The person attached a picture"), server.last().system());
    }

    @Test
    void write_textOnlyModel_leavesThePictureOut_andSaysSo() {
        server.enqueue(FakeOpenAi.answer("{\"prompt\": \"RAW photo, a cabin\", \"negative_prompt\": \"\"}"));
        WrittenPrompt p = writer(LlmFormat.INSTRUCT, false).write(request(PHOTO, List.of(new Attachment("ref.png", PNG)), "a cabin like this"));
        assertTrue(server.last().messages().get(1).path("content").isTextual());
        assertTrue(p.notes().contains("stage 1: the attached picture was not sent to " + where() + ", which reads text only"), p.notes().toString());
    }

    @Test
    void write_chatGen_sendsItsInstructionFollowedByTheRequest_inOneUserMessage() {
        server.enqueue(FakeOpenAi.answer("Prompt: RAW photo, a cozy cabin in the snow, 8k uhd\nNegativePrompt: cartoon, lowres\nModel: someCivitaiModel\nSampler: Euler a"));
        WrittenPrompt p = writer(LlmFormat.CHATGEN, true).write(request(PHOTO, List.of(), "cozy cabin in the snow pls"));
        List<JsonNode> messages = server.last().messages();
        assertEquals(1, messages.size());
        assertEquals("user", messages.get(0).path("role").asText());
        assertEquals(ChatGenFormat.SINGLE + "cozy cabin in the snow pls", messages.get(0).path("content").asText());
        assertTrue(ChatGenFormat.SINGLE.contains("professional prompt and professional negativePrompt"));
        assertEquals("RAW photo, a cozy cabin in the snow, 8k uhd", p.prompt());
        assertEquals("cartoon, lowres", p.negativePrompt());
        assertEquals(1024, server.last().body().path("max_tokens").asInt());
    }

    @Test
    void write_chatGen_withAPicture_usesTheMultimodalInstruction_pictureFirst() {
        server.enqueue(FakeOpenAi.answer("{\"prompt\": \"RAW photo, a cabin\", \"negativePrompt\": \"cartoon\", \"model\": \"x\"}"));
        WrittenPrompt p = writer(LlmFormat.CHATGEN, true).write(request(PHOTO, List.of(new Attachment("ref.png", PNG)), "a cabin like this"));
        JsonNode content = server.last().messages().get(0).path("content");
        assertEquals("image_url", content.at("/0/type").asText());
        assertEquals(ChatGenFormat.MULTI + "a cabin like this", content.at("/1/text").asText());
        assertEquals("cartoon", p.negativePrompt());
    }

    @Test
    void write_chatGen_historyFollowsTheInstructedFirstTurn() {
        server.enqueue(FakeOpenAi.answer("Prompt: RAW photo, a cabin at night"));
        writer(LlmFormat.CHATGEN, false).write(request(PHOTO, List.of(), "a cabin in the snow", "now at night"));
        List<JsonNode> messages = server.last().messages();
        assertEquals(ChatGenFormat.SINGLE + "a cabin in the snow", messages.get(0).path("content").asText());
        assertEquals("now at night", messages.get(1).path("content").asText());
    }

    private void assertEmbeddedStoodIn(WrittenPrompt p, PromptRequest r, String note) {
        WrittenPrompt own = embedded.write(r);
        assertEquals(own.prompt(), p.prompt());
        assertEquals(own.negativePrompt(), p.negativePrompt());
        assertEquals(note, p.notes().get(0));
    }

    @Test
    void write_aSlowLlmTimesOut_andTheEmbeddedWriterWrites() {
        server.enqueue(FakeOpenAi.slow(Duration.ofSeconds(5), FakeOpenAi.answer("{}")));
        PromptRequest r = request(PHOTO, List.of(), "a cabin in the snow");
        assertEmbeddedStoodIn(writer(LlmFormat.INSTRUCT, false).write(r), r,
                "stage 1: " + where() + " timed out after 300 ms; the embedded writer wrote this prompt");
    }

    @Test
    void write_rateLimited_theEmbeddedWriterWrites() {
        server.enqueue(FakeOpenAi.rateLimited(30));
        PromptRequest r = request(PHOTO, List.of(), "a cabin in the snow");
        assertEmbeddedStoodIn(writer(LlmFormat.INSTRUCT, false).write(r), r,
                "stage 1: " + where() + " is rate-limiting requests (HTTP 429, retry after 30 s); the embedded writer wrote this prompt");
    }

    @Test
    void write_serverError_theEmbeddedWriterWrites() {
        server.enqueue(FakeOpenAi.error(500, "CUDA out of memory"));
        PromptRequest r = request(PHOTO, List.of(), "a cabin in the snow");
        assertEmbeddedStoodIn(writer(LlmFormat.INSTRUCT, false).write(r), r,
                "stage 1: " + where() + " failed (HTTP 500): CUDA out of memory; the embedded writer wrote this prompt");
    }

    @Test
    void write_anAnswerThatIsNotTheJsonAskedFor_theEmbeddedWriterWrites() {
        server.enqueue(FakeOpenAi.answer("Sure! Here is a great prompt: RAW photo, a cabin"));
        PromptRequest r = request(PHOTO, List.of(), "a cabin in the snow");
        assertEmbeddedStoodIn(writer(LlmFormat.INSTRUCT, false).write(r), r,
                "stage 1: " + where() + " answered with something other than the JSON object asked for; the embedded writer wrote this prompt");
    }

    @Test
    void write_jsonWithoutAPrompt_theEmbeddedWriterWrites() {
        server.enqueue(FakeOpenAi.answer("{\"prompt\": \"\", \"negative_prompt\": \"x\"}"));
        PromptRequest r = request(PHOTO, List.of(), "a cabin in the snow");
        assertEmbeddedStoodIn(writer(LlmFormat.INSTRUCT, false).write(r), r,
                "stage 1: " + where() + " answered JSON without a prompt; the embedded writer wrote this prompt");
    }

    @Test
    void write_chatGenAnswerWithoutAPrompt_theEmbeddedWriterWrites() {
        server.enqueue(FakeOpenAi.answer("I can help with that! What style would you like?"));
        PromptRequest r = request(PHOTO, List.of(), "a cabin in the snow");
        WrittenPrompt p = writer(LlmFormat.CHATGEN, false).write(r);
        assertEquals(embedded.write(r).prompt(), p.prompt());
        assertTrue(p.notes().get(0).contains("answered without a prompt"), p.notes().toString());
    }

    @Test
    void write_countsWhatTheLlmAnsweredAndWhenTheEmbeddedWriterStoodIn() {
        server.enqueue(FakeOpenAi.answer("{\"prompt\": \"a cabin\", \"negative_prompt\": \"\"}"), FakeOpenAi.error(503, "loading"));
        LlmOutcomes outcomes = new LlmOutcomes("stage 1", "the embedded writer", TinyCatalog.client(server).endpoint());
        LlmPromptWriter counted = new LlmPromptWriter(TinyCatalog.client(server), LlmFormat.INSTRUCT, false, embedded, INDEX, 4000, outcomes);
        counted.write(request(PHOTO, List.of(), "a cabin"));
        counted.write(request(PHOTO, List.of(), "a cabin"));
        assertEquals(1, outcomes.answeredCount());
        assertEquals(1, outcomes.fellBackCount());
    }
}
