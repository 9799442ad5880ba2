package dev.chatgen.store;

import dev.chatgen.chat.AttachmentFiles;
import dev.chatgen.chat.ChatTurn;
import dev.chatgen.chat.ConversationKey;
import dev.chatgen.chat.Conversations;
import dev.chatgen.chat.HistoryWindow;
import dev.chatgen.chat.StoredTurn;
import dev.chatgen.chat.TurnKind;
import dev.chatgen.config.StoreConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Run in a second JVM: stores turns in the embedded database as chatgen does, printing each id once it is committed. */
public final class StoreTurnsUntilKilled {
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        StoreConfig store = new StoreConfig("", dir.resolve("chatgen"), "", "", Optional.empty(), dir.resolve("attachments"));
        Database db = DatabaseOpener.open(store, 2, List.of());
        Conversations conversations = new Conversations(db, new AttachmentFiles(dir.resolve("attachments")),
                new HistoryWindow(Duration.ofMinutes(30), 8));
        ConversationKey key = new ConversationKey("test", "g", "c", "", "ann");
        for (int i = 0; ; i++) {
            StoredTurn t = conversations.store(ChatTurn.of(key, "turn " + i, List.of(), "t"), TurnKind.REQUEST, Optional.empty(), Instant.now());
            System.out.println("COMMITTED " + t.id());
            System.out.flush();
        }
    }
}
