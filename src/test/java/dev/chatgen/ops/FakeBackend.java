package dev.chatgen.ops;

import dev.chatgen.render.BackendUnavailableException;
import dev.chatgen.render.ImageBackend;
import dev.chatgen.render.InstalledModels;
import dev.chatgen.render.RenderProgress;
import dev.chatgen.render.RenderRequest;
import dev.chatgen.render.RenderedImage;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A backend for health checks only: it answers, is unreachable, or hangs until released. */
final class FakeBackend implements ImageBackend {
    final AtomicInteger asked = new AtomicInteger();
    volatile String unreachable;
    volatile CountDownLatch hang;

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public Optional<String> loadedCheckpoint() {
        return Optional.empty();
    }

    @Override
    public InstalledModels installedModels() {
        asked.incrementAndGet();
        CountDownLatch h = hang;
        if (h != null) {
            try {
                h.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (unreachable != null) {
            throw new BackendUnavailableException(unreachable, null);
        }
        return InstalledModels.any();
    }

    @Override
    public RenderedImage render(RenderRequest request, RenderProgress progress) {
        throw new UnsupportedOperationException("health checks only");
    }

    @Override
    public void cancel() {
    }
}
