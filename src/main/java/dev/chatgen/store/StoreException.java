package dev.chatgen.store;

/** A database operation failed; the message says what was being done. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
