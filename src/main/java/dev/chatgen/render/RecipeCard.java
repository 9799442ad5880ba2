package dev.chatgen.render;

import dev.chatgen.catalog.GenArgs;
import dev.chatgen.catalog.T2IModel;
import dev.chatgen.engine.GenerationPlan;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws the recipe card: a 1024-pixel-wide light card, titled as a recipe, not a render, with the
 * person's words, the prompt, the model and the settings, and a frame of the planned shape. Type is
 * sized to stay readable when Discord or Slack shrink the card to a 400-pixel preview.
 */
final class RecipeCard {
    static final int WIDTH = 1024;
    private static final int MARGIN = 56;
    private static final int TEXT_WIDTH = WIDTH - 2 * MARGIN;
    private static final Color INK = new Color(0x1f, 0x23, 0x28);
    private static final Color MUTED = new Color(0x5b, 0x64, 0x6e);
    private static final Color PAPER = new Color(0xfb, 0xf8, 0xf1);
    private static final Color RULE = new Color(0xe2, 0xdc, 0xcf);

    private RecipeCard() {
    }

    static BufferedImage draw(GenerationPlan plan, long seed, String request) {
        Color accent = accentOf(plan.model());
        List<Block> blocks = blocks(plan, seed, request);
        // Lay out once on a scratch canvas to know the height, then draw for real.
        int height = layout(scratch(), blocks, accent, false, 0);
        BufferedImage card = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = card.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(PAPER);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(accent);
            g.fillRect(0, 0, WIDTH, 14);
            layout(g, blocks, accent, true, height);
            drawFrame(g, plan.args(), accent);
        } finally {
            g.dispose();
        }
        return card;
    }

    /** One section of the card: a small label and its text, with a cap on lines. */
    private record Block(String label, String text, Font font, Color color, int maxLines) {
    }

    private static List<Block> blocks(GenerationPlan plan, long seed, String request) {
        Font body = new Font(Font.SANS_SERIF, Font.PLAIN, 27);
        Font strong = new Font(Font.SANS_SERIF, Font.BOLD, 30);
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 23);
        GenArgs a = plan.args();
        T2IModel m = plan.model();
        String model = m.name() + (m.version().isEmpty() ? "" : " " + m.version()) + "  ·  " + m.type().label() + ", " + m.base().label()
                + (m.isLora() ? "  ·  on " + plan.checkpoint().name() : "");
        List<Block> blocks = new ArrayList<>();
        if (!request.isBlank()) {
            blocks.add(new Block("YOU ASKED", "\u201c" + request.strip() + "\u201d", body, INK, 3));
        }
        blocks.add(new Block("1  PROMPT", plan.prompt(), body, INK, 6));
        if (!plan.negativePrompt().isBlank()) {
            blocks.add(new Block("NEGATIVE PROMPT", plan.negativePrompt(), small, MUTED, 2));
        }
        blocks.add(new Block("2  MODEL", model, strong, INK, 2));
        if (!m.description().isBlank()) {
            blocks.add(new Block(null, m.description(), small, MUTED, 2));
        }
        blocks.add(new Block("3  SETTINGS", a.sampler() + "  ·  " + a.steps() + " steps  ·  CFG " + GenArgs.plainNumber(a.cfgScale())
                + "  ·  " + a.width() + "\u00d7" + a.height(), strong, INK, 2));
        blocks.add(new Block(null, "seed " + seed, small, MUTED, 1));
        return blocks;
    }

    /** Writes (when {@code paint}) the title, the blocks and the footer; returns the height used. */
    private static int layout(Graphics2D g, List<Block> blocks, Color accent, boolean paint, int cardHeight) {
        int y = 14 + 62;
        Font title = new Font(Font.SANS_SERIF, Font.BOLD, 44);
        Font subtitle = new Font(Font.SANS_SERIF, Font.PLAIN, 24);
        y = line(g, "Recipe card", title, INK, MARGIN, y, paint);
        y = line(g, "how ChatGen would make this picture \u2014 not a render: no GPU is connected", subtitle, MUTED, MARGIN, y + 8, paint);
        y += 22;
        Font label = new Font(Font.SANS_SERIF, Font.BOLD, 19);
        for (Block b : blocks) {
            if (b.label() != null) {
                y += 26;
                if (paint) {
                    g.setColor(RULE);
                    g.setStroke(new BasicStroke(2f));
                    g.drawLine(MARGIN, y - 18, WIDTH - MARGIN, y - 18);
                }
                y = line(g, b.label(), label, accent, MARGIN, y + 14, paint);
                y += 6;
            }
            for (String l : wrap(g, b.text(), b.font(), b.maxLines())) {
                y = line(g, l, b.font(), b.color(), MARGIN, y + 6, paint);
            }
        }
        y += 40;
        Font footer = new Font(Font.SANS_SERIF, Font.ITALIC, 21);
        y = line(g, "Drop this PNG into the PNG Info tab of AUTOMATIC1111 or Forge to render it there.", footer, MUTED, MARGIN, y, paint);
        return y + 36;
    }

    /** The planned frame, drawn to scale in the top right corner (the size is under SETTINGS). */
    private static void drawFrame(Graphics2D g, GenArgs a, Color accent) {
        double scale = 96.0 / Math.max(a.width(), a.height());
        int w = (int) Math.round(a.width() * scale);
        int h = (int) Math.round(a.height() * scale);
        int x = WIDTH - MARGIN - w;
        int y = 30 + (96 - h) / 2;
        g.setColor(accent);
        g.setStroke(new BasicStroke(4f));
        g.draw(new RoundRectangle2D.Double(x, y, w, h, 10, 10));
    }

    private static int line(Graphics2D g, String text, Font font, Color color, int x, int y, boolean paint) {
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        int baseline = y + fm.getAscent();
        if (paint) {
            g.setColor(color);
            g.drawString(text, x, baseline);
        }
        return baseline + fm.getDescent();
    }

    /** Word-wraps to the text width; the last kept line ends in an ellipsis when text was cut. */
    static List<String> wrap(Graphics2D g, String text, Font font, int maxLines) {
        FontMetrics fm = g.getFontMetrics(font);
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            String tried = line.isEmpty() ? word : line + " " + word;
            if (fm.stringWidth(tried) <= TEXT_WIDTH || line.isEmpty()) {
                line = new StringBuilder(tried);
            } else {
                lines.add(line.toString());
                line = new StringBuilder(word);
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        if (lines.size() <= maxLines) {
            return lines;
        }
        List<String> kept = new ArrayList<>(lines.subList(0, maxLines));
        String last = kept.get(maxLines - 1);
        while (!last.isEmpty() && fm.stringWidth(last + " \u2026") > TEXT_WIDTH) {
            last = last.substring(0, last.length() - 1);
        }
        kept.set(maxLines - 1, last.stripTrailing() + " \u2026");
        return kept;
    }

    /** A calm colour of the model's own, so cards of different models tell apart at a glance. */
    private static Color accentOf(T2IModel model) {
        float hue = Math.floorMod(model.id().hashCode(), 360) / 360f;
        return Color.getHSBColor(hue, 0.55f, 0.55f);
    }

    private static Graphics2D scratch() {
        return new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    }
}
