package dev.chatgen.adapter.discord;

import dev.chatgen.chat.Attachment;
import net.dv8tion.jda.api.entities.Message;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Fetches a picture someone attached, refusing anything that is not an image or is larger than
 * the configured cap before reading it, and reading at most that many bytes even if Discord's
 * size was wrong.
 */
final class AttachmentDownloader {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final int maxBytes;

    AttachmentDownloader(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The picture, or a reason it was not taken (said to the person). */
    record Download(Optional<Attachment> attachment, Optional<String> refusal) {
    }

    Download fetch(Message.Attachment a) {
        if (!a.isImage() && (a.getContentType() == null || !a.getContentType().startsWith("image/"))) {
            return refused(a.getFileName() + " is not a picture, so I left it out.");
        }
        if (a.getSize() > maxBytes) {
            return refused(a.getFileName() + " is larger than " + (maxBytes >> 20) + " MiB, so I left it out.");
        }
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(a.getUrl())).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200) {
                    return refused("I could not download " + a.getFileName() + " (HTTP " + r.statusCode() + ").");
                }
                byte[] bytes = in.readNBytes(maxBytes + 1);
                if (bytes.length > maxBytes) {
                    return refused(a.getFileName() + " is larger than " + (maxBytes >> 20) + " MiB, so I left it out.");
                }
                return new Download(Optional.of(new Attachment(a.getFileName(), bytes)), Optional.empty());
            }
        } catch (IOException e) {
            return refused("I could not download " + a.getFileName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return refused("I could not download " + a.getFileName() + ".");
        }
    }

    private static Download refused(String why) {
        return new Download(Optional.empty(), Optional.of(why));
    }
}
