package dev.chatgen.render;

import dev.chatgen.engine.GenerationPlan;
import dev.chatgen.render.png.ImageReadException;
import dev.chatgen.render.png.PngChunks;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The embedded backend: no GPU, so instead of a picture it draws the plan itself on a card of the
 * planned shape (long side 512 px) and writes the A1111 "parameters" chunk, so the whole path,
 * from chat to posted image, runs anywhere. The full recipe card replaces it in the image-backends work.
 */
public final class PlanCardBackend implements ImageBackend {
    private static final int LONG_SIDE = 512;
    private static final int MARGIN = 24;

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
        long seed = request.seed();
        loaded.set(plan.checkpoint().id());
        double scale = (double) LONG_SIDE / Math.max(plan.args().width(), plan.args().height());
        int w = Math.max(160, (int) Math.round(plan.args().width() * scale));
        int h = Math.max(160, (int) Math.round(plan.args().height() * scale));
        BufferedImage card = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = card.createGraphics();
        try {
            draw(g, plan, seed, w, h);
        } finally {
            g.dispose();
        }
        progress.percent(50);
        byte[] png = encode(card);
        try {
            png = PngChunks.withText(png, "parameters", PlanInfotext.of(plan, seed).format());
        } catch (ImageReadException e) {
            throw new IllegalStateException("ImageIO wrote a PNG we cannot read back", e);
        }
        progress.percent(100);
        RenderedImage.Ran ran = new RenderedImage.Ran(plan.checkpoint().id(), plan.args().sampler(), seed,
                plan.loras().stream().map(l -> l.id()).toList(), List.of("a recipe card: nothing was rendered"));
        return new RenderedImage(png, w, h, ran, java.time.Duration.ofNanos(System.nanoTime() - started));
    }

    private static void draw(Graphics2D g, GenerationPlan plan, long seed, int w, int h) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        // A colour of its own per prompt and seed, so two cards side by side tell apart at a glance.
        float hue = Math.floorMod(plan.prompt().hashCode() * 31L + seed, 360) / 360f;
        g.setPaint(new GradientPaint(0, 0, Color.getHSBColor(hue, 0.45f, 0.35f), w, h, Color.getHSBColor(hue + 0.1f, 0.55f, 0.15f)));
        g.fillRect(0, 0, w, h);
        int y = MARGIN;
        g.setColor(Color.WHITE);
        y = paragraph(g, new Font(Font.SANS_SERIF, Font.BOLD, 15), plan.model().name() + (plan.model().isLora() ? " on " + plan.checkpoint().name() : ""), w, y);
        g.setColor(new Color(230, 230, 230));
        y = paragraph(g, new Font(Font.SANS_SERIF, Font.PLAIN, 12), plan.prompt(), w, y + 6);
        if (!plan.negativePrompt().isEmpty()) {
            g.setColor(new Color(255, 170, 170));
            y = paragraph(g, new Font(Font.SANS_SERIF, Font.ITALIC, 11), "not: " + plan.negativePrompt(), w, y + 6);
        }
        g.setColor(new Color(200, 220, 255));
        paragraph(g, new Font(Font.MONOSPACED, Font.PLAIN, 11), plan.args().summary() + ", seed " + seed, w, Math.max(y + 6, h - MARGIN - 14));
    }

    /** Draws word-wrapped text from y and returns the y below it; stops at the card's bottom edge. */
    private static int paragraph(Graphics2D g, Font font, String text, int width, int y) {
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            String tried = line.isEmpty() ? word : line + " " + word;
            if (fm.stringWidth(tried) > width - 2 * MARGIN && !line.isEmpty()) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(tried);
            }
        }
        lines.add(line.toString());
        for (String l : lines) {
            y += fm.getHeight();
            g.drawString(l, MARGIN, y);
        }
        return y;
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
