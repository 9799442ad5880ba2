package dev.chatgen.adapter.discord.fake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A small multipart/form-data parser: enough for what OkHttp (and so JDA) sends. */
final class Multipart {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("[; ]name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");

    record Part(String name, String filename, String contentType, byte[] body) {}

    private Multipart() {}

    static boolean isMultipart(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    static List<Part> parse(String contentType, byte[] body) throws IOException {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw new IOException("no boundary in " + contentType);
        }
        byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.US_ASCII);
        List<Part> parts = new ArrayList<>();
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) {
            throw new IOException("no first boundary");
        }
        while (true) {
            pos += delimiter.length;
            if (pos + 1 < body.length && body[pos] == '-' && body[pos + 1] == '-') {
                return parts; // closing delimiter
            }
            pos = skipLine(body, pos);
            int headEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), pos);
            if (headEnd < 0) {
                throw new IOException("part without head end");
            }
            String head = new String(body, pos, headEnd - pos, StandardCharsets.UTF_8);
            int start = headEnd + 4;
            byte[] next = ("\r\n--" + m.group(1)).getBytes(StandardCharsets.US_ASCII);
            int end = indexOf(body, next, start);
            if (end < 0) {
                throw new IOException("part without end");
            }
            String name = null;
            String filename = null;
            String type = null;
            for (String line : head.split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-disposition:")) {
                    Matcher n = NAME.matcher(line);
                    if (n.find()) {
                        name = n.group(1);
                    }
                    Matcher f = FILENAME.matcher(line);
                    if (f.find()) {
                        filename = f.group(1);
                    }
                } else if (lower.startsWith("content-type:")) {
                    type = line.substring(line.indexOf(':') + 1).strip();
                }
            }
            byte[] content = new byte[end - start];
            System.arraycopy(body, start, content, 0, content.length);
            parts.add(new Part(name, filename, type, content));
            pos = end + 2; // at the next delimiter
        }
    }

    private static int skipLine(byte[] body, int pos) {
        while (pos < body.length && body[pos] != '\n') {
            pos++;
        }
        return pos + 1;
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
