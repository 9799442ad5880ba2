package dev.chatgen.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The server end of one WebSocket for the fake servers of tests (RFC 6455 via {@link WebSocketWire}):
 * text both ways, ping and close answered, pongs counted.
 */
public final class ServerWebSocket implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final AtomicInteger pongs = new AtomicInteger();
    private volatile boolean closed;

    private ServerWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /** Answers a plain HTTP error on a socket that will not be upgraded, and closes it. */
    public static void refuse(Socket socket, int status, String reason, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/plain\r\n"
                + "Content-Length: " + b.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(b);
        socket.getOutputStream().flush();
        socket.close();
    }

    /** Completes the upgrade whose Sec-WebSocket-Accept was computed from the head. */
    public static ServerWebSocket upgrade(Socket socket, String accept) throws IOException {
        ServerWebSocket ws = new ServerWebSocket(socket);
        ws.write(WebSocketWire.switchingProtocols(accept));
        return ws;
    }

    /**
     * Accepts connections on the server socket until it closes, each served on a daemon thread of its
     * own; returns the accepting (daemon) thread, started.
     */
    public static Thread acceptAll(java.net.ServerSocket server, String name, java.util.function.Consumer<Socket> serve) {
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                Socket socket;
                try {
                    socket = server.accept();
                } catch (IOException e) {
                    return; // closed
                }
                Thread t = new Thread(() -> serve.accept(socket), name + "-conn");
                t.setDaemon(true);
                t.start();
            }
        }, name);
        acceptor.setDaemon(true);
        acceptor.start();
        return acceptor;
    }

    /** Answers the upgrade; a request that is no WebSocket upgrade gets 400 and null. */
    public static ServerWebSocket accept(Socket socket, String head) throws IOException {
        java.util.Optional<String> accept = WebSocketWire.acceptFor(head);
        if (accept.isEmpty()) {
            refuse(socket, 400, "Bad Request", "not a WebSocket upgrade");
            return null;
        }
        return upgrade(socket, accept.get());
    }

    public boolean isOpen() {
        return !closed && !socket.isClosed();
    }

    public int pongsReceived() {
        return pongs.get();
    }

    public void sendText(String text) {
        frame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    public void sendPing(byte[] payload) {
        frame(0x9, payload);
    }

    /** Sends a close frame with the code and drops the connection. */
    public void close(int code) {
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
    public void readLoop(Consumer<String> onText) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (!closed) {
            WebSocketWire.Frame f = WebSocketWire.read(in);
            if (f == null) {
                return;
            }
            switch (f.opcode()) {
                case 0x0, 0x1, 0x2 -> {
                    message.writeBytes(f.payload());
                    if (f.fin()) {
                        String text = message.toString(StandardCharsets.UTF_8);
                        message.reset();
                        onText.accept(text);
                    }
                }
                case 0x8 -> {
                    byte[] p = f.payload();
                    frame(0x8, p.length >= 2 ? new byte[] {p[0], p[1]} : new byte[0]);
                    close();
                    return;
                }
                case 0x9 -> frame(0xA, f.payload());
                case 0xA -> pongs.incrementAndGet();
                default -> { } // reserved opcodes: ignored
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
