package dev.chatgen.adapter.slack.fake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Slack's request signing (HTTP mode): {@code X-Slack-Signature} over {@code v0:<timestamp>:<body>}. */
public final class SlackSigning {
    public static final String SIGNATURE_HEADER = "X-Slack-Signature";
    public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";

    private SlackSigning() {
    }

    /** The {@code X-Slack-Signature} value: {@code "v0=" + hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body))}. */
    public static String sign(String signingSecret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    /** Both headers for a request signed now (timestamp in epoch seconds, as Slack sends it). */
    public static Map<String, String> headers(String signingSecret, String body) {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        return Map.of(TIMESTAMP_HEADER, timestamp, SIGNATURE_HEADER, sign(signingSecret, timestamp, body));
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    /** POSTs the body to an app's {@code /slack/events} on this port, signed now with the secret, as Slack sends it. */
    public static java.net.http.HttpResponse<String> post(int port, String signingSecret, String body, String contentType)
            throws java.io.IOException, InterruptedException {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/slack/events"))
                .header("Content-Type", contentType).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        headers(signingSecret, body).forEach(b::header);
        return HTTP.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }
}
