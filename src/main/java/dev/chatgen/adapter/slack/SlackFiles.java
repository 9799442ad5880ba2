package dev.chatgen.adapter.slack;

import com.slack.api.model.File;
import dev.chatgen.chat.Attachment;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Fetches a picture someone shared, with the bot token (Slack's url_private needs it): anything
 * that is not an image or is larger than the cap is refused before reading, and at most that many
 * bytes are read even if Slack's size was wrong.
 */
final class SlackFiles {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final String botToken;
    private final int maxBytes;

    SlackFiles(String botToken, int maxBytes) {
        this.botToken = botToken;
        this.maxBytes = maxBytes;
    }

    /** The picture, or a reason it was not taken (said to the person). */
    record Download(Optional<Attachment> attachment, Optional<String> refusal) {
    }

    Download fetch(File f) {
        String name = f.getName() == null ? "the file" : f.getName();
        if (f.getMimetype() == null || !f.getMimetype().startsWith("image/")) {
            return refused(name + " is not a picture, so I left it out.");
        }
        if (f.getSize() != null && f.getSize() > maxBytes) {
            return refused(tooLarge(name));
        }
        String url = f.getUrlPrivateDownload() != null ? f.getUrlPrivateDownload() : f.getUrlPrivate();
        if (url == null) {
            return refused("Slack did not give me a link to " + name + ".");
        }
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + botToken).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200) {
                    return refused("I could not download " + name + " (HTTP " + r.statusCode() + ").");
                }
                // Slack answers a request it does not authorise with its sign-in page, status 200.
                String type = r.headers().firstValue("Content-Type").orElse("");
                if (type.startsWith("text/html")) {
                    return refused("Slack would not let me read " + name + ": the app needs the files:read scope (reinstall it after adding the scope).");
                }
                byte[] bytes = in.readNBytes(maxBytes + 1);
                if (bytes.length > maxBytes) {
                    return refused(tooLarge(name));
                }
                return new Download(Optional.of(new Attachment(name, bytes)), Optional.empty());
            }
        } catch (IOException | IllegalArgumentException e) {
            return refused("I could not download " + name + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return refused("I could not download " + name + ".");
        }
    }

    private String tooLarge(String name) {
        return name + " is larger than " + (maxBytes >> 20) + " MiB, so I left it out.";
    }

    private static Download refused(String why) {
        return new Download(Optional.empty(), Optional.of(why));
    }
}
