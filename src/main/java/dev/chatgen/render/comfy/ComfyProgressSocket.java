package dev.chatgen.render.comfy;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * ComfyUI's WebSocket at /ws?clientId=..., which tells the client that queued a prompt how its sampler
 * advances ({"type": "progress", "data": {"value", "max", "prompt_id", "node"}}) and when it is done
 * ({"type": "executing", "data": {"node": null, "prompt_id"}}). Progress is a nicety: when the socket
 * cannot be opened (an old proxy, a firewall) rendering carries on with polling alone.
 */
final class ComfyProgressSocket implements AutoCloseable {
    /** What the render in flight hears; called on the socket's thread. */
    interface Events {
        /** @param promptId null on servers that do not say which prompt a step belongs to */
        void progress(String promptId, String node, int value, int max);

        void finished(String promptId);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ComfyProgressSocket.class);
    private static final Events NOBODY = new Events() {
        @Override
        public void progress(String promptId, String node, int value, int max) {
        }

        @Override
        public void finished(String promptId) {
        }
    };

    private final HttpClient http;
    private final URI uri;
    private final Duration connectTimeout;
    private volatile WebSocket socket;
    private volatile Events events = NOBODY;
    private boolean toldUnavailable;

    ComfyProgressSocket(HttpClient http, String httpBase, String clientId, Duration connectTimeout) {
        this.http = http;
        this.uri = URI.create(httpBase.replaceFirst("^http", "ws") + "/ws?clientId=" + clientId);
        this.connectTimeout = connectTimeout;
    }

    /** Opens the socket unless it is open; false when it cannot be opened now. */
    synchronized boolean connect() {
        WebSocket open = socket;
        if (open != null && !open.isInputClosed()) {
            return true;
        }
        try {
            socket = http.newWebSocketBuilder().connectTimeout(connectTimeout).buildAsync(uri, new Listener())
                    .get(connectTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            LOG.debug("ComfyUI progress socket open at {}", uri);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            Throwable why = e.getCause() == null ? e : e.getCause();
            String detail = why instanceof WebSocketHandshakeException refused
                    ? "handshake answered HTTP " + refused.getResponse().statusCode() : why.toString();
            // Said once at info: a server or proxy without WebSockets refuses every time, and polling still works.
            if (toldUnavailable) {
                LOG.debug("ComfyUI progress socket at {} still unavailable: {}", uri, detail);
            } else {
                LOG.info("ComfyUI progress socket at {} unavailable, polling only: {}", uri, detail);
                toldUnavailable = true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void follow(Events listener) {
        events = listener;
    }

    void unfollow() {
        events = NOBODY;
    }

    @Override
    public synchronized void close() {
        WebSocket open = socket;
        socket = null;
        if (open != null) {
            open.abort();
        }
    }

    private void handle(String text) {
        JsonNode message;
        try {
            message = ComfyClient.JSON.readTree(text);
        } catch (IOException e) {
            LOG.debug("ComfyUI progress socket sent a message that is not JSON: {}", e.getMessage());
            return;
        }
        JsonNode data = message.path("data");
        String promptId = data.path("prompt_id").isTextual() ? data.path("prompt_id").asText() : null;
        switch (message.path("type").asText("")) {
            case "progress" -> events.progress(promptId, data.path("node").asText(null),
                    data.path("value").asInt(0), data.path("max").asInt(0));
            case "executing" -> {
                if (data.has("node") && data.path("node").isNull()) {
                    events.finished(promptId);
                }
            }
            case "execution_success", "execution_error", "execution_interrupted" -> events.finished(promptId);
            default -> {
                // status, execution_start, execution_cached, executed, progress_state: polling covers them
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                handle(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            // Preview images of the sampler's latents; the bot only posts the final picture.
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            LOG.debug("ComfyUI progress socket closed by {} ({} {})", uri, statusCode, reason);
            dropIfCurrent(webSocket);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            LOG.debug("ComfyUI progress socket at {} failed: {}", uri, error.toString());
            dropIfCurrent(webSocket);
        }

        private void dropIfCurrent(WebSocket webSocket) {
            synchronized (ComfyProgressSocket.this) {
                if (socket == webSocket) {
                    socket = null;
                }
            }
        }
    }
}
