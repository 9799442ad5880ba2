package dev.chatgen.adapter.discord;

import net.dv8tion.jda.api.utils.FileUpload;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The picture as Discord will take it: the PNG itself when it fits the upload limit, else a JPEG
 * of it (which loses the PNG's generation metadata, and says so), else nothing.
 */
record Upload(FileUpload file, Optional<String> note) {
    static Optional<Upload> fit(Path png, String name, int maxBytes) {
        try {
            if (Files.size(png) <= maxBytes) {
                return Optional.of(new Upload(FileUpload.fromData(png.toFile(), name + ".png"), Optional.empty()));
            }
            BufferedImage image = ImageIO.read(png.toFile());
            if (image == null) {
                return Optional.empty();
            }
            BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(image, 0, 0, null);
            byte[] jpeg = jpeg(rgb, 0.9f);
            if (jpeg.length > maxBytes) {
                return Optional.empty();
            }
            return Optional.of(new Upload(FileUpload.fromData(jpeg, name + ".jpg"),
                    Optional.of("The PNG was over Discord's limit, so this is a JPEG of it, without the generation data; /steps has it all.")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
