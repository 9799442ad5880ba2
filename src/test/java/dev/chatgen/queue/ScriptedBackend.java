package dev.chatgen.queue;

import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.render.BackendUnavailableException;
import dev.chatgen.render.ImageBackend;
import dev.chatgen.render.RecipeCardBackend;
import dev.chatgen.render.RenderFailedException;
import dev.chatgen.render.RenderProgress;
import dev.chatgen.render.RenderRequest;
import dev.chatgen.render.RenderedImage;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded plan-card backend with failures a test can switch on: unreachable, failing the
 * next renders, or holding a render until released (a slow GPU).
 */
final class ScriptedBackend implements ImageBackend {
    private final RecipeCardBackend real = new RecipeCardBackend();
    final AtomicInteger renders = new AtomicInteger();
    volatile boolean unreachable;
    volatile int failNext;
    volatile CountDownLatch holdUntil;
    final CountDownLatch started = new CountDownLatch(1);

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public Optional<String> loadedCheckpoint() {
        return real.loadedCheckpoint();
    }

    @Override
    public dev.chatgen.render.InstalledModels installedModels() {
        return real.installedModels();
    }

    volatile boolean cancelled;

    @Override
    public void cancel() {
        cancelled = true;
        CountDownLatch hold = holdUntil;
        if (hold != null) {
            hold.countDown();
        }
    }

    @Override
    public RenderedImage render(RenderRequest request, RenderProgress progress) {
        if (unreachable) {
            throw new BackendUnavailableException("connection refused", null);
        }
        started.countDown();
        CountDownLatch hold = holdUntil;
        if (hold != null) {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (cancelled) {
            throw new RenderFailedException("cancelled", null);
        }
        if (failNext > 0) {
            failNext--;
            throw new RenderFailedException("The GPU ran out of memory; try a smaller size.", null);
        }
        renders.incrementAndGet();
        return real.render(request, progress);
    }
}
