package dev.chatgen.adapter.console;

import dev.chatgen.queue.Outbox;
import dev.chatgen.queue.Reply;
import dev.chatgen.queue.ReplySink;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prints finished replies in the terminal: the image's file path and a one-line summary, or the
 * reason it failed. Remembers the last reply's steps for /steps.
 */
public final class ConsoleSink implements ReplySink {
    public static final String PLATFORM = "console";

    private final PrintWriter out;
    private final Path workingDir;
    private final Map<Long, CompletableFuture<Reply>> waiting = new ConcurrentHashMap<>();
    private volatile Outbox.Steps lastSteps;

    public ConsoleSink(PrintWriter out, Path workingDir) {
        this.out = out;
        this.workingDir = workingDir.toAbsolutePath();
    }

    @Override
    public String platform() {
        return PLATFORM;
    }

    @Override
    public String deliver(Reply reply) {
        CompletableFuture<Reply> waiter = waiting.remove(reply.jobId());
        synchronized (out) {
            if (waiter == null) {
                out.println("(reply to an earlier message, job " + reply.jobId() + ")");
            }
            out.println(text(reply));
            out.flush();
        }
        reply.steps().ifPresent(s -> lastSteps = s);
        if (waiter != null) {
            waiter.complete(reply);
        }
        return "console-" + reply.jobId();
    }

    /** A future completed when the job's reply has been printed. */
    public CompletableFuture<Reply> replyOf(long jobId) {
        return waiting.computeIfAbsent(jobId, id -> new CompletableFuture<>());
    }

    /** Stops waiting for a job that finished without a reply (cancelled). */
    public void forget(long jobId) {
        CompletableFuture<Reply> waiter = waiting.remove(jobId);
        if (waiter != null) {
            waiter.complete(null);
        }
    }

    public Optional<Outbox.Steps> lastSteps() {
        return Optional.ofNullable(lastSteps);
    }

    String text(Reply reply) {
        if (!reply.done()) {
            return reply.message().orElse("Sorry, that picture failed.");
        }
        String image = reply.image().map(this::shown).orElse("(no image)");
        String summary = reply.steps().map(s -> s.plan().model().name() + " · " + s.plan().args().summary() + " · \""
                + s.plan().prompt() + "\"").orElse("");
        return "Image: " + image + "\n" + summary + "  (/steps shows how)"
                + reply.renderNotes().map(n -> "\nNote: " + n).orElse("");
    }

    private String shown(Path p) {
        Path abs = p.toAbsolutePath();
        return abs.startsWith(workingDir) ? workingDir.relativize(abs).toString() : abs.toString();
    }
}
