package dev.chatgen.adapter.console;

import dev.chatgen.bot.ChatService;
import dev.chatgen.bot.Outcome;
import dev.chatgen.chat.Attachment;
import dev.chatgen.chat.ChatTurn;
import dev.chatgen.chat.ConversationKey;
import dev.chatgen.queue.JobStatus;
import dev.chatgen.queue.ProgressEvent;
import dev.chatgen.queue.ProgressWatcher;
import dev.chatgen.queue.Reply;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The terminal chat: each line is a turn and takes the bots' path (stored, queued, planned,
 * rendered, posted from the outbox). Commands: /attach PATH, /steps, /history, /reset, /cancel,
 * /help, /quit.
 */
public final class ConsoleChat {
    static final String HELP = String.join("\n",
            "Describe the picture you want, the way you'd say it; refine it with more messages.",
            "  /attach PATH  attach a picture to your next message",
            "  /steps        how the last picture was made: prompt, model, arguments",
            "  /history      the earlier messages your next one builds on",
            "  /reset        start a new conversation",
            "  /cancel       cancel your picture in the queue",
            "  /quit         leave (end of input does too)");

    private final ChatService chat;
    private final ProgressWatcher progress;
    private final ConsoleSink sink;
    private final ConversationKey key;
    private final BufferedReader in;
    private final PrintWriter out;
    private final boolean interactive;
    private final List<Attachment> staged = new ArrayList<>();

    public ConsoleChat(ChatService chat, ProgressWatcher progress, ConsoleSink sink, ConversationKey key,
                       BufferedReader in, PrintWriter out, boolean interactive) {
        this.chat = chat;
        this.progress = progress;
        this.sink = sink;
        this.key = key;
        this.in = in;
        this.out = out;
        this.interactive = interactive;
    }

    /** Reads and answers lines until /quit or the end of input. */
    public void run() throws IOException {
        if (interactive) {
            say(HELP);
        }
        while (true) {
            if (interactive) {
                out.print("> ");
                out.flush();
            }
            String line = in.readLine();
            if (line == null) {
                return;
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.equals("/quit") || line.equals("/exit")) {
                return;
            }
            handle(line);
        }
    }

    void handle(String line) {
        if (line.startsWith("/")) {
            command(line);
            return;
        }
        ChatTurn turn = ChatTurn.of(key, line, List.copyOf(staged), ConsoleSink.PLATFORM);
        staged.clear();
        Outcome outcome = chat.request(turn);
        if (outcome instanceof Outcome.Queued q) {
            awaitReply(q.jobId());
        } else if (outcome instanceof Outcome.Told t) {
            say(t.message());
        }
    }

    private void command(String line) {
        String[] parts = line.split("\\s+", 2);
        String arg = parts.length > 1 ? parts[1].strip() : "";
        switch (parts[0]) {
            case "/help" -> say(HELP);
            case "/attach" -> attach(arg);
            case "/steps" -> say(sink.lastSteps().map(s -> TraceText.of(s.plan(), s.trace()).stripTrailing())
                    .orElse("No picture yet in this session: describe one first."));
            case "/history" -> {
                List<String> turns = chat.history(key);
                say(turns.isEmpty() ? "No earlier messages: your next one starts a new conversation."
                        : "Your next message builds on:\n" + String.join("\n", turns.stream().map(t -> "  - " + t).toList()));
            }
            case "/reset" -> say(told(chat.reset(command(line, key))));
            case "/cancel" -> say(told(chat.cancel(command(line, key))));
            default -> say("Unknown command " + parts[0] + "; /help lists them.");
        }
    }

    private static ChatTurn command(String line, ConversationKey key) {
        return ChatTurn.of(key, line, List.of(), ConsoleSink.PLATFORM);
    }

    private static String told(Outcome o) {
        return o instanceof Outcome.Told t ? t.message() : "Done.";
    }

    private void attach(String arg) {
        if (arg.isEmpty()) {
            say("Usage: /attach PATH");
            return;
        }
        try {
            Path p = Path.of(arg);
            staged.add(new Attachment(p.getFileName().toString(), Files.readAllBytes(p)));
            say("Attached " + p.getFileName() + "; it goes with your next message.");
        } catch (java.nio.file.NoSuchFileException e) {
            say("Cannot read " + arg + ": no such file.");
        } catch (IOException | InvalidPathException e) {
            say("Cannot read " + arg + ": " + e.getMessage());
        }
    }

    /** Shows progress until the reply is printed (or the job ends without one). */
    private void awaitReply(long jobId) {
        CompletableFuture<Reply> reply = sink.replyOf(jobId);
        progress.watch(jobId, event -> {
            if (interactive) {
                progressLine(event).ifPresent(this::say);
            }
            if (event instanceof ProgressEvent.Finished f && f.status() == JobStatus.CANCELLED) {
                sink.forget(jobId);
            }
        });
        try {
            reply.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            say("Waiting for job " + jobId + " failed: " + e.getCause().getMessage());
        }
    }

    static java.util.Optional<String> progressLine(ProgressEvent event) {
        if (event instanceof ProgressEvent.Queued q) {
            return java.util.Optional.of(q.planned() ? "  planned; waiting for a GPU, position " + q.position()
                    : "  queued, position " + q.position());
        }
        if (event instanceof ProgressEvent.Rendering r) {
            return java.util.Optional.of("  rendering " + r.percent() + "%");
        }
        return java.util.Optional.empty();
    }

    private void say(String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }
}
