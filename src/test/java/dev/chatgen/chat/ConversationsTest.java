package dev.chatgen.chat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatgen.store.Database;
import dev.chatgen.testing.MutableClock;
import dev.chatgen.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConversationsTest {
    @TempDir
    Path dir;

    private Database db;
    private Conversations conversations;
    private final MutableClock clock = MutableClock.atNoon();
    private final ConversationKey ann = new ConversationKey("discord", "g1", "c1", "", "ann");

    @BeforeEach
    void open() {
        db = TestDatabases.open(TestDatabases.Kind.H2, dir);
        conversations = new Conversations(db, new AttachmentFiles(dir.resolve("attachments")), new HistoryWindow(Duration.ofMinutes(30), 8));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private StoredTurn say(ConversationKey key, String text) {
        return conversations.store(ChatTurn.of(key, text, List.of(), "t"), TurnKind.REQUEST, Optional.empty(), clock.instant());
    }

    @Test
    void store_commitsTheTurn_beforeReturning() throws Exception {
        StoredTurn t = say(ann, "a red fox");
        // A second connection sees it: it is committed, not just written.
        int rows = db.inTransaction("count", c -> {
            try (ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM turn WHERE body = 'a red fox'")) {
                r.next();
                return r.getInt(1);
            }
        });
        assertEquals(1, rows);
        assertFalse(t.duplicate());
    }

    @Test
    void sameKey_joinsOneConversation_otherUser_anotherOne() {
        StoredTurn a1 = say(ann, "a red fox");
        StoredTurn a2 = say(ann, "now at night");
        StoredTurn b = say(new ConversationKey("discord", "g1", "c1", "", "bob"), "a cat");

        assertEquals(a1.conversationId(), a2.conversationId());
        assertNotEquals(a1.conversationId(), b.conversationId());
    }

    @Test
    void aSharedThread_isOneConversation_whoeverWrites_andItsHistoryHasEveryonesTurns() {
        ConversationKey annInThread = ConversationKey.ofThread("slack", "T1", "C1", "1700000000.000100", "ann");
        ConversationKey bobInThread = ConversationKey.ofThread("slack", "T1", "C1", "1700000000.000100", "bob");
        StoredTurn a = say(annInThread, "a lighthouse at dusk");
        StoredTurn b = say(bobInThread, "now in a storm");
        StoredTurn elsewhere = say(ConversationKey.ofThread("slack", "T1", "C1", "1700000000.000900", "bob"), "a cat");

        assertEquals(a.conversationId(), b.conversationId());
        assertNotEquals(b.conversationId(), elsewhere.conversationId());
        assertEquals(List.of("a lighthouse at dusk", "now in a storm"), conversations.history(b.id()).turns());
        // The turn still says who wrote it.
        assertEquals("bob", db.inTransaction("author", c -> {
            try (ResultSet r = c.createStatement().executeQuery("SELECT author_id FROM turn WHERE id = " + b.id())) {
                r.next();
                return r.getString(1);
            }
        }));
    }

    @Test
    void inThread_saysWhetherTheBotWasAskedInAThread() {
        assertFalse(conversations.inThread("slack", "T1", "C1", "1700000000.000100"));
        say(ConversationKey.ofThread("slack", "T1", "C1", "1700000000.000100", "ann"), "a lighthouse");
        conversations.reset(ConversationKey.ofThread("slack", "T1", "C1", "1700000000.000100", "bob"), clock.instant());

        assertTrue(conversations.inThread("slack", "T1", "C1", "1700000000.000100"));
        assertFalse(conversations.inThread("slack", "T1", "C2", "1700000000.000100"));
        assertFalse(conversations.inThread("slack", "T2", "C1", "1700000000.000100"));
    }

    @Test
    void aMessageDeliveredTwice_isStoredOnce() {
        ChatTurn turn = new ChatTurn(ann, "a red fox", List.of(), Optional.of("msg-1"), Optional.empty(), "t");
        StoredTurn first = conversations.store(turn, TurnKind.REQUEST, Optional.empty(), clock.instant());
        StoredTurn again = conversations.store(turn, TurnKind.REQUEST, Optional.empty(), clock.instant());

        assertEquals(first.id(), again.id());
        assertTrue(again.duplicate());
    }

    @Test
    void history_isTheWindowedConversation_endingWithTheRequest() {
        say(ann, "an old idea");
        clock.advance(Duration.ofMinutes(40));
        say(ann, "a red fox in the snow");
        clock.advance(Duration.ofMinutes(2));
        StoredTurn request = say(ann, "now at night");
        clock.advance(Duration.ofMinutes(1));
        say(ann, "a later message is not history of the earlier one");

        assertEquals(List.of("a red fox in the snow", "now at night"), conversations.history(request.id()).turns());
    }

    @Test
    void reset_startsAfresh_andCommandsNeverBecomeHistory() {
        say(ann, "a red fox");
        conversations.store(ChatTurn.of(ann, "/reset", List.of(), "t"), TurnKind.COMMAND, Optional.empty(), clock.instant());
        assertTrue(conversations.reset(ann, clock.instant()));
        StoredTurn fresh = say(ann, "a blue whale");

        assertEquals(List.of("a blue whale"), conversations.history(fresh.id()).turns());
        assertFalse(conversations.reset(new ConversationKey("discord", "g1", "c1", "", "nobody"), clock.instant()));
    }

    @Test
    void aReplyToAnImage_continuesThatImagesConversation_evenForSomeoneElse() {
        StoredTurn ann1 = say(ann, "a red fox");
        ConversationKey bob = new ConversationKey("discord", "g1", "c1", "", "bob");
        StoredTurn reply = conversations.store(ChatTurn.of(bob, "make it darker", List.of(), "t"), TurnKind.REQUEST,
                Optional.of(new Conversations.Continuation(ann1.conversationId(), 99)), clock.instant());

        assertEquals(ann1.conversationId(), reply.conversationId());
        History h = conversations.history(reply.id());
        assertEquals(List.of("a red fox", "make it darker"), h.turns());
        assertEquals(Optional.of(99L), h.continuesJob());
    }

    @Test
    void attachments_keepMetadataInTheDatabase_bytesInFilesNamedBySha256() throws Exception {
        byte[] png = Files.readAllBytes(Path.of("src/test/resources/png/absolutereality_v181-05.png"));
        StoredTurn t = conversations.store(ChatTurn.of(ann, "like this", List.of(new Attachment("ref.png", png)), "t"),
                TurnKind.REQUEST, Optional.empty(), clock.instant());

        History h = conversations.history(t.id());
        assertEquals(1, h.attachments().size());
        assertEquals("ref.png", h.attachments().get(0).fileName());
        assertArrayEquals(png, h.attachments().get(0).bytes());
        String sha = AttachmentFiles.sha256(png);
        assertTrue(Files.exists(dir.resolve("attachments").resolve(sha.substring(0, 2)).resolve(sha)));
    }

    @Test
    void recent_isWhatTheNextMessageWouldBuildOn() {
        say(ann, "a red fox");
        say(ann, "now at night");
        assertEquals(List.of("a red fox", "now at night"), conversations.recent(ann, clock.instant()));
        clock.advance(Duration.ofMinutes(31));
        assertEquals(List.of(), conversations.recent(ann, clock.instant()));
    }

    @Test
    void anEditedMessage_changesItsTurn_andADeletedOne_leavesHistory_withItsPicture() throws Exception {
        byte[] png = Files.readAllBytes(Path.of("src/test/resources/png/absolutereality_v181-05.png"));
        conversations.store(new ChatTurn(ann, "a red fox", List.of(new Attachment("fox.png", png)), Optional.of("m1"), Optional.empty(), "t"),
                TurnKind.REQUEST, Optional.empty(), clock.instant());
        StoredTurn second = conversations.store(new ChatTurn(ann, "now at dusk", List.of(), Optional.of("m2"), Optional.empty(), "t"),
                TurnKind.REQUEST, Optional.empty(), clock.instant());

        assertTrue(conversations.edit("discord", "m2", "now at night", clock.instant()));
        assertEquals(List.of("a red fox", "now at night"), conversations.history(second.id()).turns());

        String sha = AttachmentFiles.sha256(png);
        Path file = dir.resolve("attachments").resolve(sha.substring(0, 2)).resolve(sha);
        assertTrue(Files.exists(file));
        assertTrue(conversations.delete("discord", "m1", clock.instant()));
        assertEquals(List.of("now at night"), conversations.history(second.id()).turns());
        assertFalse(Files.exists(file), "the picture's bytes are gone");
        int rows = db.inTransaction("count", c -> {
            try (ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM attachment")) {
                r.next();
                return r.getInt(1);
            }
        });
        assertEquals(0, rows);
        assertFalse(conversations.edit("discord", "unknown", "x", clock.instant()));
        assertFalse(conversations.delete("discord", "unknown", clock.instant()));
    }
}
