package dev.chatgen.adapter.discord.fake;

import dev.chatgen.testing.WebSocketWire;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;

/** The server end of one RFC 6455 WebSocket: text frames both ways, ping and close answered. */
final class GatewaySocket implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private volatile boolean closed;

    private GatewaySocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /** Answers the upgrade; on a request that is no WebSocket upgrade answers 400 and returns null. */
    static GatewaySocket accept(Socket socket, String head) throws IOException {
        Optional<String> accept = WebSocketWire.acceptFor(head);
        if (accept.isEmpty()) {
            socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.close();
            return null;
        }
        GatewaySocket ws = new GatewaySocket(socket);
        ws.write(WebSocketWire.switchingProtocols(accept.get()));
        return ws;
    }

    boolean isOpen() {
        return !closed && !socket.isClosed();
    }

    void sendText(String text) {
        frame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a close frame with the code (e.g. 4000 to make the client reconnect) and drops the connection. */
    void close(int code) {
        frame(0x8, new byte[] {(byte) (code >>> 8), (byte) code});
        close();
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Reads the client's frames until it closes, handing each complete text message to the consumer. */
    void readLoop(Consumer<String> onText) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (!closed) {
            WebSocketWire.Frame f = WebSocketWire.read(in);
            if (f == null) {
                return;
            }
            byte[] payload = f.payload();
            int opcode = f.opcode();
            boolean fin = f.fin();
            switch (opcode) {
                case 0x0, 0x1, 0x2 -> {
                    message.writeBytes(payload);
                    if (fin) {
                        String text = message.toString(StandardCharsets.UTF_8);
                        message.reset();
                        onText.accept(text);
                    }
                }
                case 0x8 -> {
                    frame(0x8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                    close();
                    return;
                }
                case 0x9 -> frame(0xA, payload);
                default -> { } // pong: nothing to do
            }
        }
    }

    private void frame(int opcode, byte[] payload) {
        write(WebSocketWire.encode(opcode, payload));
    }

    private synchronized void write(byte[] bytes) {
        if (socket.isClosed()) {
            return;
        }
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            closed = true;
        }
    }
}
