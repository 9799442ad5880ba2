package dev.chatgen.render.horde;

import dev.chatgen.catalog.GenArgs;
import dev.chatgen.render.BackendUnavailableException;
import dev.chatgen.render.RenderFailedException;
import dev.chatgen.render.RenderRequest;
import dev.chatgen.render.RenderedImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.chatgen.render.horde.HordeTestPlans.backend;
import static dev.chatgen.render.horde.HordeTestPlans.loraPlan;
import static dev.chatgen.render.horde.HordeTestPlans.plainPlan;
import static dev.chatgen.render.horde.HordeTestPlans.smallArgs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every way the Horde says no, and what the queue and the person get to see. */
class HordeFailuresTest {
    private static final RenderRequest SMALL = RenderRequest.of(loraPlan(smallArgs()), 11L);
    private static final String TOO_MANY_PROMPTS = "{\"message\": \"Parallel requests (3) exceeded user limit (3). Please "
            + "try again later or request to increase your concurrency.\", \"rc\": \"TooManyPrompts\"}";

    private FakeHorde fake;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeHorde();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void tooManyRequestsIsRetriedUntilTheHordeTakesIt() {
        fake.submitReplies.add(FakeHorde.Canned.json(429, TOO_MANY_PROMPTS));
        fake.submitReplies.add(FakeHorde.Canned.json(429, TOO_MANY_PROMPTS));

        RenderedImage image = backend(fake).render(SMALL, p -> { });

        assertEquals(3, fake.requests("POST", "/api/v2/generate/async").size());
        assertEquals("Realistic Vision", image.ran().checkpoint());
    }

    @Test
    void tooManyRequestsUntilTheRenderTimeoutTellsThePersonToWait() {
        for (int i = 0; i < 1000; i++) {
            fake.submitReplies.add(FakeHorde.Canned.json(429, TOO_MANY_PROMPTS));
        }
        long started = System.nanoTime();

        RenderFailedException e = assertThrows(RenderFailedException.class,
                () -> backend(fake.baseUrl(), FakeHorde.ANONYMOUS, Duration.ofMillis(200)).render(SMALL, p -> { }));

        assertTrue(e.getMessage().contains("The AI Horde is busy") && e.getMessage().contains("try again in a minute"), e.getMessage());
        long took = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertTrue(took >= 150 && took < 1000, "retried for about the render timeout, took " + took + " ms");
        assertTrue(fake.requests("POST", "/api/v2/generate/async").size() > 3, "retried more than once");
    }

    @Test
    void aRetryAfterBeyondTheRenderTimeoutFailsAtOnce() {
        // flask-limiter's own answer: plain text, and a Retry-After longer than the whole render may take
        fake.submitReplies.add(new FakeHorde.Canned(429, "2 per 1 second",
                Map.of("Content-Type", "text/plain", "Retry-After", "60")));

        RenderFailedException e = assertThrows(RenderFailedException.class,
                () -> backend(fake.baseUrl(), FakeHorde.ANONYMOUS, Duration.ofSeconds(5)).render(SMALL, p -> { }));

        assertTrue(e.getMessage().contains("The AI Horde is busy"), e.getMessage());
        assertEquals(1, fake.requests("POST", "/api/v2/generate/async").size());
    }

    @Test
    void kudosUpfrontExplainsTheAnonymousLimits() {
        RenderRequest big = RenderRequest.of(loraPlan(new GenArgs("DPM++ 2M Karras", 30, 7, 768, 768)), 1L);

        RenderFailedException e = assertThrows(RenderFailedException.class, () -> backend(fake).render(big, p -> { }));

        assertTrue(e.getMessage().contains("anonymous users get only pictures of at most 576x576 and 50 steps"), e.getMessage());
        assertTrue(e.getMessage().contains("this one was 768x768 with 30 steps of DPM++ 2M Karras"), e.getMessage());
        assertTrue(e.getMessage().contains("render.horde.api-key"), e.getMessage());
        assertTrue(e.getCause() instanceof HordeApiError cause && cause.rc().equals("KudosUpfront"));
    }

    @Test
    void kudosUpfrontKnowsTheSlowSamplersGetHalfTheSteps() {
        RenderRequest slow = RenderRequest.of(loraPlan(new GenArgs("DPM++ SDE Karras", 30, 7, 512, 512)), 1L);

        RenderFailedException e = assertThrows(RenderFailedException.class, () -> backend(fake).render(slow, p -> { }));

        assertTrue(e.getMessage().contains("at most 576x576 and 25 steps with DPM++ SDE Karras"), e.getMessage());
    }

    @Test
    void aWrongApiKeyPausesTheBackendAndNamesTheSetting() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> backend(fake.baseUrl(), "not-a-real-key", Duration.ofSeconds(5)).render(SMALL, p -> { }));

        assertTrue(e.getMessage().contains("render.horde.api-key"), e.getMessage());
        assertTrue(e.getMessage().contains("No user matching sent API Key"), e.getMessage());
    }

    @Test
    void aValidationErrorNamesTheField() {
        fake.submitReplies.add(FakeHorde.Canned.json(400, "{\"errors\": {\"params.steps\": \"501 is greater than the "
                + "maximum of 500\"}, \"message\": \"Input payload validation failed\"}"));

        RenderFailedException e = assertThrows(RenderFailedException.class, () -> backend(fake).render(SMALL, p -> { }));

        assertTrue(e.getMessage().contains("params.steps: 501 is greater than the maximum of 500"), e.getMessage());
    }

    @Test
    void aFaultedRequestFailsTheJob() {
        fake.faulted = true;

        RenderFailedException e = assertThrows(RenderFailedException.class, () -> backend(fake).render(SMALL, p -> { }));

        assertTrue(e.getMessage().contains("could not make this picture"), e.getMessage());
    }

    @Test
    void aCensoredPictureIsNotPosted() {
        fake.censored = true;

        RenderFailedException e = assertThrows(RenderFailedException.class, () -> backend(fake).render(SMALL, p -> { }));

        assertTrue(e.getMessage().startsWith("The Horde's safety filter blocked this picture"), e.getMessage());
        assertTrue(fake.requests("GET", "/r2/").isEmpty(), "the blocked picture is not even downloaded");
    }

    @Test
    void noWorkerForTheModelWithdrawsTheRequest() {
        HordeBackend backend = backend(fake);
        backend.installedModels();
        // the workers serving Realistic Vision leave after the list was read
        fake.modelsJson = "[{\"name\": \"Realistic Vision\", \"count\": 0, \"type\": \"image\"}]";

        RenderFailedException e = assertThrows(RenderFailedException.class, () -> backend.render(SMALL, p -> { }));

        assertTrue(e.getMessage().contains("No AI Horde worker can run Realistic Vision at 512x576"), e.getMessage());
        assertEquals(1, fake.requests("DELETE", "/api/v2/generate/status/").size());
    }

    @Test
    void aModelNobodyServesFailsBeforeAskingTheHorde() {
        RenderRequest anything = RenderRequest.of(plainPlan("anythingV5_PrtRE", smallArgs()), 1L);

        RenderFailedException e = assertThrows(RenderFailedException.class, () -> backend(fake).render(anything, p -> { }));

        assertTrue(e.getMessage().contains("No AI Horde worker offers Anything"), e.getMessage());
        assertTrue(fake.requests("POST", "/api/v2/generate/async").isEmpty());
    }

    @Test
    void cancelWithdrawsTheRequest() throws Exception {
        fake.checkScript = List.of("waiting");
        HordeBackend backend = backend(fake);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<RenderedImage> render = thread.submit(() -> backend.render(SMALL, p -> { }));
            waitFor(() -> fake.checks() >= 2);

            backend.cancel();

            Exception e = assertThrows(Exception.class, () -> render.get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof RenderFailedException, String.valueOf(e));
            assertEquals("The picture was cancelled.", e.getCause().getMessage());
        } finally {
            thread.shutdownNow();
        }
        List<FakeHorde.Recorded> deletes = fake.requests("DELETE", "/api/v2/generate/status/");
        assertEquals(1, deletes.size());
        String id = deletes.get(0).path().substring("/api/v2/generate/status/".length());
        assertEquals("/api/v2/generate/check/" + id, fake.requests("GET", "/api/v2/generate/check/").get(0).path(),
                "the request withdrawn is the one that was polled");
    }

    @Test
    void aRenderThatOutlivesItsTimeoutIsWithdrawn() {
        fake.checkScript = List.of("waiting");

        RenderFailedException e = assertThrows(RenderFailedException.class,
                () -> backend(fake.baseUrl(), FakeHorde.ANONYMOUS, Duration.ofMillis(200)).render(SMALL, p -> { }));

        assertTrue(e.getMessage().contains("did not finish this picture within 1 second"), e.getMessage());
        assertTrue(e.getMessage().contains("queue position 3"), e.getMessage());
        assertEquals(1, fake.requests("DELETE", "/api/v2/generate/status/").size());
    }

    @Test
    void aRateLimitedCheckIsJustAskedAgain() {
        fake.checkReplies.add(new FakeHorde.Canned(429, "10 per 1 minute", Map.of("Content-Type", "text/plain")));

        RenderedImage image = backend(fake).render(SMALL, p -> { });

        assertEquals(64, image.width());
    }

    @Test
    void aRequestTheHordeForgotFailsTheJob() {
        fake.checkReplies.add(FakeHorde.Canned.json(404, "{\"message\": \"Waiting Prompt with ID 'x' not found.\", \"rc\": \"RequestNotFound\"}"));

        RenderFailedException e = assertThrows(RenderFailedException.class, () -> backend(fake).render(SMALL, p -> { }));

        assertTrue(e.getMessage().contains("no longer knows this request"), e.getMessage());
    }

    @Test
    void connectionRefusedIsUnavailable() {
        java.net.URI gone = fake.baseUrl();
        fake.close();
        HordeBackend backend = backend(gone, FakeHorde.ANONYMOUS, Duration.ofSeconds(5));

        assertThrows(BackendUnavailableException.class, backend::installedModels);
        assertThrows(BackendUnavailableException.class, () -> backend.render(SMALL, p -> { }));
    }

    @Test
    void aBadGatewayIsUnavailable() {
        fake.submitReplies.add(new FakeHorde.Canned(502, "<html><body>502 Bad Gateway</body></html>", Map.of("Content-Type", "text/html")));

        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> backend(fake).render(SMALL, p -> { }));

        assertTrue(e.getMessage().contains("HTTP 502"), e.getMessage());
    }

    @Test
    void malformedJsonFailsTheJob() {
        fake.submitReplies.add(FakeHorde.Canned.json(202, "{\"id\": \"abc\", \"kudos\""));

        RenderFailedException e = assertThrows(RenderFailedException.class, () -> backend(fake).render(SMALL, p -> { }));

        assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
    }

    @Test
    void aMalformedModelListIsUnavailable() {
        fake.modelsJson = "<html>maintenance</html>";

        assertThrows(BackendUnavailableException.class, () -> backend(fake).installedModels());
    }

    @Test
    void aDamagedWebpPicture_failsWithAMessageSayingSo() {
        // A WEBP header with no picture after it.
        byte[] webp = "RIFF\u0024\0\0\0WEBPVP8 \u0018\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
        fake.image = java.util.Arrays.copyOf(webp, 44);

        RenderFailedException e = assertThrows(RenderFailedException.class, () -> backend(fake).render(SMALL, p -> { }));

        assertTrue(e.getMessage().contains("damaged WEBP"), e.getMessage());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                fail("condition not met within 5 s");
            }
            Thread.sleep(5);
        }
    }
}
