package dev.chatgen.adapter.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One REST request the fake received, as the client sent it.
 *
 * @param method HTTP method
 * @param path path below the API base, with a leading slash and no version prefix, e.g. {@code /channels/1/messages}
 * @param query raw query string or empty
 * @param contentType the request's Content-Type or empty
 * @param json the JSON body, or {@code payload_json} of a multipart body; {@link MissingNode} when there was none
 * @param files the file parts of a multipart body ({@code files[n]}), in order
 * @param status the status the fake answered with
 */
public record RestCall(String method, String path, String query, String contentType, JsonNode json,
        List<FilePart> files, int status, JsonNode response) {

    /** One file part of a multipart/form-data body. */
    public record FilePart(String name, String filename, String contentType, byte[] bytes) {
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "FilePart[" + name + ", " + filename + ", " + contentType + ", " + bytes.length + " bytes]";
        }
    }

    /** True when method matches and the path matches a pattern whose {@code *} stands for exactly one segment. */
    public boolean is(String method, String pathPattern) {
        return this.method.equalsIgnoreCase(method) && matches(pathPattern);
    }

    public boolean matches(String pathPattern) {
        String[] want = pathPattern.split("/", -1);
        String[] have = path.split("/", -1);
        if (want.length != have.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            if (!want[i].equals("*") && !want[i].equals(have[i])) {
                return false;
            }
        }
        return true;
    }

    /** Path segment {@code i} (0 is the first segment after the leading slash). */
    public String segment(int i) {
        return path.substring(1).split("/")[i];
    }

    @Override
    public String toString() {
        return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " -> " + status
                + (json.isMissingNode() ? "" : " " + json) + (files.isEmpty() ? "" : " " + files);
    }
}
