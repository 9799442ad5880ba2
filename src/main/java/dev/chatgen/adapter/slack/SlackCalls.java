package dev.chatgen.adapter.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;

import java.io.IOException;
import java.util.Set;

/**
 * One Web API call with Slack's two ways of failing made one: an HTTP error (429 when rate
 * limited) and an answer of {@code "ok": false} with an error code. Either becomes a
 * {@link Failed} naming the method and the code.
 */
final class SlackCalls {
    /** Codes after which posting to that place again cannot help. */
    private static final Set<String> GONE = Set.of("channel_not_found", "is_archived", "not_in_channel", "thread_not_found",
            "restricted_action", "account_inactive", "invalid_auth", "token_revoked", "team_access_not_granted");

    private SlackCalls() {
    }

    @FunctionalInterface
    interface Call<T extends SlackApiTextResponse> {
        T on(MethodsClient api) throws IOException, SlackApiException;
    }

    /** A call that did not succeed; {@code error} is Slack's code ("not_in_channel"), or "ratelimited", or "http_N". */
    static final class Failed extends RuntimeException {
        private final String error;

        Failed(String method, String error, Throwable cause) {
            super(method + " failed: " + error, cause);
            this.error = error;
        }

        String error() {
            return error;
        }

        /** Whether trying again later cannot help (the channel is gone, the bot was removed). */
        boolean permanent() {
            return GONE.contains(error);
        }
    }

    static <T extends SlackApiTextResponse> T call(MethodsClient api, String method, Call<T> call) {
        T response;
        try {
            response = call.on(api);
        } catch (SlackApiException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().code();
            String error = status == 429 ? "ratelimited"
                    : e.getError() != null && e.getError().getError() != null ? e.getError().getError() : "http_" + status;
            throw new Failed(method, error, e);
        } catch (IOException e) {
            throw new Failed(method, "unreachable (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            // filesUploadV2 reports a failed step as an unchecked exception.
            throw new Failed(method, String.valueOf(e.getMessage()), e);
        }
        if (!response.isOk()) {
            throw new Failed(method, response.getError() == null ? "unknown_error" : response.getError(), null);
        }
        return response;
    }
}
