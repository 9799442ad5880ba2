package dev.chatgen.adapter.slack.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * A file as the fake holds it.
 *
 * @param id e.g. {@code F0000000001}
 * @param urlPrivate {@code http://127.0.0.1:PORT/files-pri/T0001-<id>/<name>}: the bytes with the bot token, else a
 *     login page
 * @param user the owner (uploader)
 * @param bytes the exact bytes uploaded; null while a file is announced but not uploaded yet
 * @param json the Slack file object, as events and {@code files.info} carry it
 */
public record SlackFile(String id, String name, String title, String mimetype, String filetype, int size,
        String urlPrivate, String user, byte[] bytes, ObjectNode json) {

    public String text() {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SlackFile[" + id + ", " + name + ", " + mimetype + ", " + size + " bytes, by " + user + "]";
    }
}
