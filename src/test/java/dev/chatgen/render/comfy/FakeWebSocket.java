package dev.chatgen.render.comfy;

import dev.chatgen.testing.WebSocketWire;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The server end of one RFC 6455 WebSocket, enough for ComfyUI's /ws: text frames out, close and ping answered. */
final class FakeWebSocket {

    private final Socket socket;
    private final OutputStream out;

    private FakeWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    static FakeWebSocket accept(Socket socket, String head) throws IOException {
        Optional<String> accept = WebSocketWire.acceptFor(head);
        if (accept.isEmpty()) {
            throw new IOException("no Sec-WebSocket-Key");
        }
        FakeWebSocket ws = new FakeWebSocket(socket);
        ws.write(WebSocketWire.switchingProtocols(accept.get()));
        return ws;
    }

    void sendText(String text) {
        frame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the client's frames (masked, as clients must send them) until it closes. */
    void readUntilClosed() throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        while (true) {
            WebSocketWire.Frame f = WebSocketWire.read(in);
            if (f == null) {
                return;
            }
            byte[] payload = f.payload();
            int opcode = f.opcode();
            if (opcode == 0x8) {
                frame(0x8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                return;
            }
            if (opcode == 0x9) {
                frame(0xA, payload);
            }
        }
    }

    private synchronized void frame(int opcode, byte[] payload) {
        write(WebSocketWire.encode(opcode, payload));
    }

    private synchronized void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            // the client went away; ComfyUI logs "send error" and carries on too
        }
    }
}
