package dev.chatgen.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatgen.bot.ChatService;
import dev.chatgen.bot.Outcome;
import dev.chatgen.chat.ChatTurn;
import dev.chatgen.chat.Standing;
import dev.chatgen.queue.Outbox;
import dev.chatgen.testing.SharedEngine;
import dev.chatgen.testing.TestDatabases.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Pictures per hour and per day, counted from the stored jobs; on H2 and (when configured) PostgreSQL. */
class QuotasTest {
    private static final Quotas.Limits TWO_AN_HOUR_THREE_A_DAY = new Quotas.Limits(2, 3);

    @TempDir
    Path dir;

    private static ChatService chat(ErasureFixture f) {
        return new ChatService(f.conversations, f.queue, new Outbox(f.db, f.clock, SharedEngine.catalog()),
                new RequestRules(new PromptSafety(SafetyRules.defaults()), new Quotas(TWO_AN_HOUR_THREE_A_DAY, f.clock)), f.clock);
    }

    private static Outcome ask(ChatService chat, String user, String text, boolean moderator) {
        return chat.request(new ChatTurn(ErasureFixture.key(user, "c1"), text, List.of(), Optional.empty(), Optional.empty(), "target",
                new Standing(moderator, false)));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void overTheHourlyLimit_theRefusalSaysWhenItFreesUp_andWhatIsLeftToday(Kind kind) {
        try (ErasureFixture f = new ErasureFixture(kind, dir)) {
            ChatService chat = chat(f);
            assertInstanceOf(Outcome.Queued.class, ask(chat, "ann", "a red fox", false));
            f.clock.advance(Duration.ofMinutes(10));
            assertInstanceOf(Outcome.Queued.class, ask(chat, "ann", "a grey wolf", false));

            Outcome third = ask(chat, "ann", "a brown bear", false);
            Outcome.Told told = assertInstanceOf(Outcome.Told.class, third);
            assertEquals("You've asked for 2 pictures in the last hour, the most one person may. The next one frees up at 13:00 UTC "
                    + "(in 50 minutes); 1 of your 3 a day are left.", told.message());
            assertEquals(3, f.count("SELECT COUNT(*) FROM turn WHERE author_id = 'ann'"), "the refused request is still stored");
            assertInstanceOf(Outcome.Queued.class, ask(chat, "bob", "a cat", false), "quotas are per person");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theDailyLimit_holdsAfterTheHourPasses_andAcrossARestart(Kind kind) {
        try (ErasureFixture f = new ErasureFixture(kind, dir)) {
            ChatService chat = chat(f);
            ask(chat, "ann", "one", false);
            ask(chat, "ann", "two", false);
            f.clock.advance(Duration.ofMinutes(61));
            assertInstanceOf(Outcome.Queued.class, ask(chat, "ann", "three", false));
            f.clock.advance(Duration.ofMinutes(61));

            Outcome.Told told = assertInstanceOf(Outcome.Told.class, ask(chat(f), "ann", "four", false), "a new process counts the same jobs");
            assertTrue(told.message().startsWith("You've asked for 3 pictures in the last 24 hours"), told.message());
            assertTrue(told.message().contains("frees up at 12:00 UTC (in 21 hours)"), told.message());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void moderators_areExempt(Kind kind) {
        try (ErasureFixture f = new ErasureFixture(kind, dir)) {
            ChatService chat = chat(f);
            for (int i = 0; i < 5; i++) {
                assertInstanceOf(Outcome.Queued.class, ask(chat, "mod", "picture " + i, true));
            }
        }
    }
}
