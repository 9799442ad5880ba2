package dev.chatgen.queue;

/**
 * Where an adapter posts finished replies. Implementations pass {@link Reply#idempotencyKey()} to
 * the platform where it supports one (Discord's nonce), or look for the earlier post before
 * posting again when {@link Reply#attempt()} is above 1, so a retried delivery shows once.
 */
public interface ReplySink {
    /** The platform this sink posts to; only its replies are handed to it. */
    String platform();

    /**
     * Posts the reply and returns the platform's id of the posted message.
     *
     * @throws DeliveryException when posting failed; the reply is tried again later
     */
    String deliver(Reply reply) throws DeliveryException;

    /** Posting failed; {@code permanent} when trying again cannot help (the channel is gone). */
    final class DeliveryException extends Exception {
        private final boolean permanent;

        public DeliveryException(String message, boolean permanent, Throwable cause) {
            super(message, cause);
            this.permanent = permanent;
        }

        public boolean permanent() {
            return permanent;
        }
    }
}
