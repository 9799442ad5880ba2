package dev.chatgen.render.png;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Plain-language colour and brightness of a (small, already downscaled) image. */
record ColourSummary(List<String> dominantColours, String brightness) {

    private static final int MAX_COLOURS = 3;
    private static final double MIN_SHARE = 0.08;
    // Mostly transparent pixels are background (e.g. a sticker's cut-out), not part of what the image shows.
    private static final int MIN_ALPHA = 128;
    // Thresholds on mean CIE L* (0..1): perceived lightness, so pure red reads "balanced", not "dark".
    private static final double DARK_BELOW = 0.35;
    private static final double BRIGHT_ABOVE = 0.70;
    private static final double[] LINEAR = new double[256];

    static {
        for (int i = 0; i < LINEAR.length; i++) {
            double c = i / 255.0;
            LINEAR[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }
    }

    /** Declaration order breaks ties between equally common colours. */
    private enum Name { RED, ORANGE, YELLOW, GREEN, TEAL, BLUE, PURPLE, PINK, BROWN, BLACK, WHITE, GREY }

    ColourSummary {
        dominantColours = List.copyOf(dominantColours);
        Objects.requireNonNull(brightness, "brightness");
    }

    static ColourSummary of(BufferedImage image) {
        int[] counts = new int[Name.values().length];
        double lightnessSum = 0;
        int pixels = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int argb = image.getRGB(x, y);
                if (argb >>> 24 < MIN_ALPHA) {
                    continue;
                }
                int r = argb >> 16 & 0xff;
                int g = argb >> 8 & 0xff;
                int b = argb & 0xff;
                counts[nameOf(r, g, b).ordinal()]++;
                lightnessSum += lightness(r, g, b);
                pixels++;
            }
        }
        double minCount = Math.max(1, MIN_SHARE * pixels);
        List<String> dominant = Arrays.stream(Name.values())
                .filter(name -> counts[name.ordinal()] >= minCount)
                .sorted(Comparator.comparingInt((Name name) -> counts[name.ordinal()]).reversed())
                .limit(MAX_COLOURS)
                .map(name -> name.name().toLowerCase(Locale.ROOT))
                .toList();
        double meanLightness = pixels == 0 ? 0.5 : lightnessSum / pixels;
        String brightness = meanLightness < DARK_BELOW ? "dark" : meanLightness > BRIGHT_ABOVE ? "bright" : "balanced";
        return new ColourSummary(dominant, brightness);
    }

    private static Name nameOf(int r, int g, int b) {
        float[] hsv = Color.RGBtoHSB(r, g, b, null);
        double hue = hsv[0] * 360;
        double saturation = hsv[1];
        double value = hsv[2];
        if (value < 0.2) {
            return Name.BLACK;
        }
        if (saturation < 0.15) {
            return value > 0.85 ? Name.WHITE : Name.GREY;
        }
        if (hue >= 10 && hue < 50 && value < 0.6) {
            return Name.BROWN;
        }
        if (hue < 15 || hue >= 345) {
            return saturation < 0.45 && value > 0.75 ? Name.PINK : Name.RED;
        }
        if (hue < 45) {
            return Name.ORANGE;
        }
        if (hue < 70) {
            return Name.YELLOW;
        }
        if (hue < 160) {
            return Name.GREEN;
        }
        if (hue < 200) {
            return Name.TEAL;
        }
        if (hue < 260) {
            return Name.BLUE;
        }
        return hue < 290 ? Name.PURPLE : Name.PINK;
    }

    /** CIE L* scaled to 0..1. */
    private static double lightness(int r, int g, int b) {
        double luminance = 0.2126 * LINEAR[r] + 0.7152 * LINEAR[g] + 0.0722 * LINEAR[b];
        double l = luminance > 216.0 / 24389 ? 116 * Math.cbrt(luminance) - 16 : luminance * 24389 / 27;
        return l / 100;
    }
}
