package dev.chatgen.render.a1111;

import dev.chatgen.render.RenderFailedException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;

/**
 * A picture from the reply's {@code images}: base64, PNG unless the server's "File format for images" setting is
 * jpg, in which case it is re-encoded as PNG so the infotext chunk can be written.
 */
record ReturnedPicture(byte[] png, int width, int height) {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    static ReturnedPicture decode(String base64) {
        String data = base64.startsWith("data:") ? base64.substring(base64.indexOf(',') + 1) : base64;
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new RenderFailedException("the AUTOMATIC1111 server sent a picture that is not valid base64", e);
        }
        byte[] png = isPng(bytes) ? bytes : reencode(bytes);
        if (png.length < 24) {
            throw new RenderFailedException("the AUTOMATIC1111 server sent a truncated picture", null);
        }
        // IHDR is the first chunk: width and height are the 4-byte integers at offsets 16 and 20.
        int width = readInt(png, 16);
        int height = readInt(png, 20);
        if (width <= 0 || height <= 0) {
            throw new RenderFailedException("the AUTOMATIC1111 server sent a damaged picture", null);
        }
        return new ReturnedPicture(png, width, height);
    }

    private static boolean isPng(byte[] bytes) {
        return bytes.length >= PNG_SIGNATURE.length && Arrays.equals(bytes, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length);
    }

    private static byte[] reencode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new RenderFailedException("the AUTOMATIC1111 server sent a picture in a format this bot cannot read;"
                        + " set its image file format (Settings, Saving images) to png", null);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new RenderFailedException("the AUTOMATIC1111 server sent a picture that cannot be read", e);
        }
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
