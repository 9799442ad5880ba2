package dev.chatgen.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The server side of RFC 6455 for the fake servers of tests (the JDK has a WebSocket client but
 * no server): the upgrade answer and the frames. Text and binary only; no extensions.
 */
public final class WebSocketWire {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketWire() {
    }

    /** One frame as read: payload unmasked. */
    public record Frame(boolean fin, int opcode, byte[] payload) {
    }

    /**
     * Reads an HTTP request head byte by byte, so nothing after it (a body, the first frame) is
     * consumed; ISO-8859-1, so its bytes come back exactly. Empty at the end of the stream.
     */
    public static String readHead(java.io.InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 65536) {
                throw new IOException("request head too long");
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The Sec-WebSocket-Accept answer to an upgrade request's head, or empty when it is no upgrade. */
    public static Optional<String> acceptFor(String requestHead) {
        for (String line : requestHead.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                String key = line.substring(line.indexOf(':') + 1).strip();
                try {
                    return Optional.of(Base64.getEncoder().encodeToString(
                            MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII))));
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("every JVM has SHA-1", e);
                }
            }
        }
        return Optional.empty();
    }

    /** The 101 response that completes the upgrade. */
    public static byte[] switchingProtocols(String accept) {
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The next frame from the client (clients mask theirs), or null at the end of the stream. */
    public static Frame read(DataInputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] mask = new byte[4];
        if ((second & 0x80) != 0) {
            in.readFully(mask);
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        return new Frame((first & 0x80) != 0, first & 0x0F, payload);
    }

    /** A whole, unmasked server frame. */
    public static byte[] encode(int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else if (payload.length < 65536) {
            frame.write(126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        frame.writeBytes(payload);
        return frame.toByteArray();
    }
}
