package dev.chatgen.engine.llm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chat-completions client against an OpenAI-compatible server on loopback. */
class ChatCompletionsTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final List<ChatMessage> HELLO = List.of(ChatMessage.system("be brief"), ChatMessage.user("hello"));

    private final FakeOpenAi server = FakeOpenAi.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private ChatCompletions client(String apiKey) {
        return new ChatCompletions(ChatCompletions.httpClient(TIMEOUT), new LlmEndpoint(server.url(), "qwen2.5-7b", apiKey, TIMEOUT));
    }

    private LlmException failure(ChatCompletions client) {
        return assertThrows(LlmException.class, () -> client.complete(HELLO, 64));
    }

    @Test
    void complete_postsTheOpenAiRequestShape() throws LlmException {
        server.enqueue(FakeOpenAi.answer("hi"));
        assertEquals("hi", client("sk-test").complete(HELLO, 64));
        FakeOpenAi.Recorded r = server.last();
        assertEquals("POST", r.method());
        assertEquals("/v1/chat/completions", r.path());
        assertEquals("Bearer sk-test", r.headers().get("authorization"));
        assertTrue(r.headers().get("content-type").startsWith("application/json"));
        JsonNode body = r.body();
        assertEquals("qwen2.5-7b", body.get("model").asText());
        assertEquals(0, body.get("temperature").asInt());
        assertEquals(64, body.get("max_tokens").asInt());
        assertFalse(body.get("stream").asBoolean());
        assertTrue(body.get("stream").isBoolean());
        assertEquals("system", body.at("/messages/0/role").asText());
        assertEquals("be brief", body.at("/messages/0/content").asText());
        assertEquals("user", body.at("/messages/1/role").asText());
        assertEquals("hello", body.at("/messages/1/content").asText());
    }

    @Test
    void complete_withoutAnApiKeySendsNoAuthorization() throws LlmException {
        server.enqueue(FakeOpenAi.answer("hi"));
        client("").complete(HELLO, 64);
        assertFalse(server.last().headers().containsKey("authorization"));
    }

    @Test
    void complete_aPictureIsAnImageUrlPartWithADataUri() throws LlmException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        server.enqueue(FakeOpenAi.answer("ok"));
        client("").complete(List.of(new ChatMessage(ChatMessage.Role.USER,
                List.of(new ChatMessage.Text("like this"), new ChatMessage.Image("image/png", png)))), 64);
        JsonNode content = server.last().body().at("/messages/0/content");
        assertTrue(content.isArray(), content.toString());
        assertEquals("text", content.at("/0/type").asText());
        assertEquals("like this", content.at("/0/text").asText());
        assertEquals("image_url", content.at("/1/type").asText());
        assertEquals("data:image/png;base64,iVBORwECAw==", content.at("/1/image_url/url").asText());
    }

    @Test
    void complete_readsTheContentNotTheReasoning() throws LlmException {
        server.enqueue(FakeOpenAi.answerWithReasoning("the answer", "let me think about it"));
        assertEquals("the answer", client("").complete(HELLO, 64));
    }

    @Test
    void complete_429WithARetryAfterLongerThanTheTimeoutIsRateLimitedAtOnce() {
        server.enqueue(FakeOpenAi.rateLimited(5));
        LlmException e = failure(client(""));
        assertEquals(LlmException.Kind.RATE_LIMITED, e.kind());
        assertEquals("the LLM at " + server.url() + " is rate-limiting requests (HTTP 429, retry after 5 s)", e.getMessage());
        assertEquals(1, server.requests().size());
    }

    @Test
    void complete_429WithARetryAfterThatFitsIsRetriedOnce() throws LlmException {
        server.enqueue(FakeOpenAi.rateLimited(0), FakeOpenAi.answer("after the wait"));
        assertEquals("after the wait", client("").complete(HELLO, 64));
        assertEquals(2, server.requests().size());
    }

    @Test
    void complete_a429AfterTheRetryIsNotRetriedAgain() {
        server.enqueue(FakeOpenAi.rateLimited(0), FakeOpenAi.rateLimited(0), FakeOpenAi.answer("never"));
        assertEquals(LlmException.Kind.RATE_LIMITED, failure(client("")).kind());
        assertEquals(2, server.requests().size());
    }

    @Test
    void complete_500And503AreServerFailuresWithTheServersWords() {
        server.enqueue(FakeOpenAi.error(500, "CUDA out of memory"), FakeOpenAi.error(503, "The server is loading the model"));
        LlmException first = failure(client(""));
        assertEquals(LlmException.Kind.SERVER, first.kind());
        assertEquals("the LLM at " + server.url() + " failed (HTTP 500): CUDA out of memory", first.getMessage());
        LlmException second = failure(client(""));
        assertEquals(LlmException.Kind.SERVER, second.kind());
        assertTrue(second.getMessage().endsWith("(HTTP 503): The server is loading the model"), second.getMessage());
    }

    @Test
    void complete_4xxIsRefusedWithTheServersMessage() {
        server.enqueue(FakeOpenAi.error(404, "The model `qwen2.5-7b` does not exist."),
                FakeOpenAi.error(401, "Incorrect API key provided"),
                FakeOpenAi.error(400, "This model's maximum context length is 4096 tokens"));
        LlmException notFound = failure(client(""));
        assertEquals(LlmException.Kind.REFUSED, notFound.kind());
        assertEquals("the LLM at " + server.url() + " refused the request (HTTP 404): The model `qwen2.5-7b` does not exist.", notFound.getMessage());
        assertTrue(failure(client("")).getMessage().endsWith("(HTTP 401): Incorrect API key provided"));
        assertTrue(failure(client("")).getMessage().endsWith("(HTTP 400): This model's maximum context length is 4096 tokens"));
    }

    @Test
    void complete_readsOlderVllmErrorsWithTheMessageAtTheTop() {
        server.enqueue(FakeOpenAi.raw(400, "{\"object\":\"error\",\"message\":\"Conversation roles must alternate\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}"));
        assertTrue(failure(client("")).getMessage().endsWith("(HTTP 400): Conversation roles must alternate"));
    }

    @Test
    void complete_aBodyThatIsNotJsonIsMalformed() {
        server.enqueue(FakeOpenAi.raw(200, "<html>502 Bad Gateway</html>"));
        LlmException e = failure(client(""));
        assertEquals(LlmException.Kind.MALFORMED, e.kind());
        assertEquals("the LLM at " + server.url() + " answered with something that is not JSON: <html>502 Bad Gateway</html>", e.getMessage());
    }

    @Test
    void complete_noChoicesIsMalformed() {
        server.enqueue(FakeOpenAi.raw(200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[]}"));
        LlmException e = failure(client(""));
        assertEquals(LlmException.Kind.MALFORMED, e.kind());
        assertTrue(e.getMessage().contains("without any choices"), e.getMessage());
    }

    @Test
    void complete_emptyContentIsMalformed_andSaysWhenReasoningUsedUpTheTokens() {
        server.enqueue(new FakeOpenAi.Answer(null, "hmm, first I should consider", "length"));
        LlmException e = failure(client(""));
        assertEquals(LlmException.Kind.MALFORMED, e.kind());
        assertEquals("the LLM at " + server.url() + " gave an empty answer (it ran out of tokens while reasoning)", e.getMessage());
    }

    @Test
    void complete_aSlowAnswerTimesOut() {
        server.enqueue(FakeOpenAi.slow(Duration.ofSeconds(5), FakeOpenAi.answer("too late")));
        long start = System.nanoTime();
        LlmException e = failure(client(""));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(LlmException.Kind.TIMEOUT, e.kind());
        assertEquals("the LLM at " + server.url() + " timed out after 300 ms", e.getMessage());
        assertTrue(ms < 3000, ms + " ms");
    }

    @Test
    void complete_nothingListeningIsUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/v1");
        ChatCompletions client = new ChatCompletions(ChatCompletions.httpClient(TIMEOUT), new LlmEndpoint(url, "m", "", TIMEOUT));
        LlmException e = failure(client);
        assertEquals(LlmException.Kind.UNREACHABLE, e.kind());
        assertTrue(e.getMessage().startsWith("the LLM at " + url + " cannot be reached"), e.getMessage());
    }

    @Test
    void endpoint_neverPrintsTheApiKey() {
        LlmEndpoint e = new LlmEndpoint(URI.create("http://user:pw@gpu:8000/v1"), "m", "sk-secret", TIMEOUT);
        assertFalse(e.toString().contains("sk-secret"), e.toString());
        assertEquals("the LLM at http://gpu:8000/v1", e.where());
    }
}
