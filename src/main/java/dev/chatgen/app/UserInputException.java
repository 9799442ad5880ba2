package dev.chatgen.app;

/** A problem with what the user gave a command (a missing file, say), reported as one line without a stack trace. */
final class UserInputException extends RuntimeException {
    UserInputException(String message) {
        super(message);
    }
}
