package dev.chatgen.render.horde;

import dev.chatgen.render.BackendUnavailableException;
import dev.chatgen.render.RenderFailedException;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the Horde's error answers into what the queue acts on: {@link BackendUnavailableException} when the
 * Horde or our account is the problem (the job waits), {@link RenderFailedException} with a message for the
 * person when this picture was refused.
 */
final class HordeErrors {
    static final String API_KEY_SETTING = "render.horde.api-key";
    /**
     * The KudosUpfront rule: without kudos, at most this side (the Horde lowers it under load and names the
     * figure in its message) and 50 steps, half that for the slower samplers.
     */
    static final int UPFRONT_FREE_SIDE = 576;
    static final int UPFRONT_FREE_STEPS = 50;
    private static final Set<String> HALF_STEP_SAMPLERS = Set.of("k_heun", "k_dpmpp_sde", "k_dpm_2", "k_dpm_2_a");
    private static final Pattern UPFRONT_SIZE = Pattern.compile("over (\\d+)x\\d+");

    private HordeErrors() {
    }

    /** The operator's key is wrong: every job would fail alike, so the backend pauses instead. */
    static BackendUnavailableException badKey(HordeApiError e) {
        return new BackendUnavailableException("The AI Horde does not accept the API key in " + API_KEY_SETTING
                + " (" + e.hordeMessage() + "); fix the key, or set 0000000000 to render anonymously.", e);
    }

    static RenderFailedException busy(HordeApiError cause) {
        return new RenderFailedException("The AI Horde is busy and turned the request away; try again in a minute.", cause);
    }

    /** @param job what was sent, for messages that say what was asked */
    static RuntimeException of(HordeApiError e, boolean anonymous, HordeSubmission job) {
        if (e.malformed()) {
            return new RenderFailedException("The AI Horde sent an answer this bot cannot read; try again later.", e);
        }
        int status = e.status();
        if (status == 401) {
            return badKey(e);
        }
        if (status == 502 || status == 503 || status == 504 || "MaintenanceMode".equals(e.rc())) {
            return new BackendUnavailableException("The AI Horde is unavailable (HTTP " + status + "): " + e.hordeMessage(), e);
        }
        if (status == 429) {
            return busy(e);
        }
        if ("KudosUpfront".equals(e.rc())) {
            return new RenderFailedException(kudosUpfront(e, anonymous, job), e);
        }
        if (status == 404) {
            return new RenderFailedException("The AI Horde no longer knows this request (it drops requests that wait "
                    + "too long); try again.", e);
        }
        if (!e.fieldErrors().isEmpty()) {
            String fields = e.fieldErrors().entrySet().stream()
                    .map(f -> f.getKey() + ": " + f.getValue()).collect(Collectors.joining("; "));
            return new RenderFailedException("The AI Horde refused the settings (" + fields + ").", e);
        }
        return new RenderFailedException("The AI Horde refused this picture: " + e.hordeMessage(), e);
    }

    private static String kudosUpfront(HordeApiError e, boolean anonymous, HordeSubmission job) {
        Matcher size = UPFRONT_SIZE.matcher(e.hordeMessage());
        int side = size.find() ? Integer.parseInt(size.group(1)) : UPFRONT_FREE_SIDE;
        int steps = HALF_STEP_SAMPLERS.contains(job.sampler().id()) ? UPFRONT_FREE_STEPS / 2 : UPFRONT_FREE_STEPS;
        String asked = job.width() + "x" + job.height() + " with " + job.steps() + " steps of " + job.sampler().a1111Name();
        String limit = "at most " + side + "x" + side + " and " + steps + " steps"
                + (steps < UPFRONT_FREE_STEPS ? " with " + job.sampler().a1111Name() : "");
        if (anonymous) {
            return "The AI Horde is busy, so anonymous users get only pictures of " + limit + " (this one was " + asked
                    + "). Ask for a smaller picture or fewer steps, or the bot's operator can set an API key with kudos in "
                    + API_KEY_SETTING + ".";
        }
        return "The AI Horde wants the kudos for pictures over " + limit + " paid up front, and the bot's account has "
                + "too few (this one was " + asked + "). Ask for a smaller picture or fewer steps, or the operator can "
                + "add kudos to the account.";
    }
}
