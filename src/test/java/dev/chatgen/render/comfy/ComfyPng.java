package dev.chatgen.render.comfy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgen.render.png.PngFixtures;

import javax.imageio.metadata.IIOMetadataNode;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PNGs as ComfyUI's SaveImage writes them, made with the JDK's own encoder: the picture, a "prompt" text chunk
 * holding the API graph, and one chunk per extra_pnginfo key (the web UI sends its "workflow" there).
 */
final class ComfyPng {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ComfyPng() {
    }

    static byte[] saveImage(JsonNode prompt, JsonNode extraPngInfo, Map<String, String> extraText) {
        int[] size = sizeOf(prompt);
        Map<String, String> text = new LinkedHashMap<>();
        text.put("prompt", prompt.toString());
        extraPngInfo.properties().forEach(e -> text.put(e.getKey(), e.getValue().toString()));
        text.putAll(extraText);
        return png(picture(size[0], size[1]), text);
    }

    /** A plain picture, e.g. the one a person attaches for img2img. */
    static byte[] plain(int width, int height) {
        return png(picture(width, height), Map.of());
    }

    // The size the VAE decodes to: the empty latent's, or the scaled start image's.
    private static int[] sizeOf(JsonNode prompt) {
        for (JsonNode node : prompt) {
            String type = node.path("class_type").asText();
            if (type.equals("EmptyLatentImage") || type.equals("ImageScale")) {
                return new int[] {node.path("inputs").path("width").asInt(), node.path("inputs").path("height").asInt()};
            }
        }
        return new int[] {512, 512};
    }

    private static BufferedImage picture(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 60, 120), width, height, new Color(240, 180, 90)));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    private static byte[] png(BufferedImage image, Map<String, String> text) {
        return PngFixtures.pngWithTextChunks(image, text.entrySet().stream()
                .map(e -> PngFixtures.tEXt(e.getKey(), e.getValue())).toArray(IIOMetadataNode[]::new));
    }
}
