package dev.chatgen.render;

import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.render.png.ImageReadException;
import dev.chatgen.render.png.PngChunks;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The embedded backend, for machines without a GPU: instead of a picture it draws a recipe card
 * (the person's words and the three steps) and writes the A1111 "parameters" chunk, so the whole
 * path from chat to posted image runs anywhere, and dropping the card into a web UI's PNG Info
 * tab reproduces the generation.
 */
public final class RecipeCardBackend implements ImageBackend {
    private final AtomicReference<String> loaded = new AtomicReference<>();

    static {
        System.setProperty("java.awt.headless", "true");
    }

    @Override
    public String name() {
        return "recipe";
    }

    @Override
    public Optional<String> loadedCheckpoint() {
        return Optional.ofNullable(loaded.get());
    }

    @Override
    public InstalledModels installedModels() {
        return InstalledModels.any();
    }

    @Override
    public void cancel() {
        // Drawing a card takes milliseconds; nothing to stop.
    }

    @Override
    public RenderedImage render(RenderRequest request, RenderProgress progress) {
        long started = System.nanoTime();
        GenerationPlan plan = request.plan();
        loaded.set(plan.checkpoint().id());
        BufferedImage card = RecipeCard.draw(plan, request.seed(), request.requestText());
        progress.percent(50);
        byte[] png;
        try {
            png = PngChunks.withText(encode(card), "parameters", PlanInfotext.of(plan, request.seed()).format());
        } catch (ImageReadException e) {
            throw new IllegalStateException("ImageIO wrote a PNG we cannot read back", e);
        }
        progress.percent(100);
        RenderedImage.Ran ran = new RenderedImage.Ran(plan.checkpoint().id(), plan.args().sampler(), request.seed(),
                plan.loras().stream().map(l -> l.id()).toList(), List.of());
        return new RenderedImage(png, card.getWidth(), card.getHeight(), ran, Duration.ofNanos(System.nanoTime() - started));
    }

    private static byte[] encode(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
