package dev.chatgen.render.png;

/**
 * An attached image (or its metadata) could not be read. The message is written for the end user
 * and can be shown in chat as is, e.g. "the attached file is not a valid PNG (chunk IDAT truncated at byte 812)".
 */
public final class ImageReadException extends Exception {

    public ImageReadException(String message) {
        super(message);
    }

    public ImageReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
