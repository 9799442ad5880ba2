package dev.chatgen.store;

/**
 * The database cannot be opened or brought up to date. The message tells the operator what is
 * wrong and what to do; nothing was created or changed over existing data.
 */
public final class DatabaseStartupException extends StoreException {
    public DatabaseStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
