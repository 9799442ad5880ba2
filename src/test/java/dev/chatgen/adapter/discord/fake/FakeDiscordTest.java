package dev.chatgen.adapter.discord.fake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** The real JDA against {@link FakeDiscord}: login, slash command, mention, buttons, modal. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FakeDiscordTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private FakeDiscord fake;
    private JDA jda;
    private int mark;
    private List<RestCall> loginCalls;
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private static final byte[] PNG = png();

    /** How a test builds JDA against the fake. */
    static JDA connect(FakeDiscord fake, Object... listeners) throws InterruptedException {
        return JDABuilder.createLight(fake.botToken, GatewayIntent.GUILD_MESSAGES, GatewayIntent.DIRECT_MESSAGES,
                        GatewayIntent.MESSAGE_CONTENT)
                .setRestConfig(new RestConfig().setBaseUrl(fake.restBase()))
                .setSessionController(new SessionControllerAdapter() {
                    @Override
                    public String getGateway() {
                        return fake.gatewayUrl();
                    }
                })
                .setCompression(Compression.NONE)
                .addEventListeners(listeners)
                .build()
                .awaitReady();
    }

    @BeforeAll
    void start() throws Exception {
        fake = new FakeDiscord();
        jda = connect(fake, new Bot());
        loginCalls = fake.calls();
    }

    @BeforeEach
    void clearEvents() {
        events.clear();
        mark = fake.callCount();
    }

    /** The next call of this test (recorded after it began) with this method and path pattern. */
    private RestCall call(String method, String pathPattern) throws InterruptedException {
        return fake.awaitCall(mark, method, pathPattern, WAIT);
    }

    @AfterAll
    void stop() {
        if (jda != null) {
            jda.shutdownNow();
        }
        if (fake != null) {
            fake.close();
        }
    }

    private final class Bot extends ListenerAdapter {
        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            events.add(event);
            if (!event.getName().equals("imagine")) {
                return;
            }
            event.deferReply().queue();
            OptionMapping image = event.getOption("image");
            String prompt = event.getOption("prompt", OptionMapping::getAsString);
            String note = image == null ? "" : " from " + image.getAsAttachment().getFileName();
            event.getHook().editOriginal("Here is **" + prompt + "**" + note)
                    .setFiles(FileUpload.fromData(PNG, "result.png"))
                    .setEmbeds(new EmbedBuilder().setTitle(prompt).setImage("attachment://result.png")
                            .setFooter("seed 42").build())
                    .setComponents(ActionRow.of(Button.primary("again:42", "Again"),
                            Button.danger("cancel:42", "Cancel")))
                    .queue(m -> events.add(m), events::add);
        }

        @Override
        public void onMessageReceived(MessageReceivedEvent event) {
            if (event.getAuthor().isBot()) {
                return;
            }
            events.add(event);
            if (event.getMessage().getMentions().isMentioned(event.getJDA().getSelfUser())) {
                event.getChannel().sendTyping().queue();
                event.getChannel().sendMessage("On it: " + event.getMessage().getContentStripped())
                        .addFiles(FileUpload.fromData(PNG, "fox.png"))
                        .setMessageReference(event.getMessage())
                        .queue(m -> events.add(m), events::add);
            }
        }

        @Override
        public void onButtonInteraction(ButtonInteractionEvent event) {
            events.add(event);
            if (event.getComponentId().startsWith("again:")) {
                event.deferEdit().queue();
                event.getHook().editOriginal("Regenerating...").setComponents().queue(m -> events.add(m), events::add);
            } else {
                event.editMessage("Cancelled").setComponents().queue(h -> events.add(h), events::add);
            }
        }

        @Override
        public void onModalInteraction(ModalInteractionEvent event) {
            events.add(event);
            event.reply("Saved " + event.getValue("style").getAsString()).setEphemeral(true).queue();
        }
    }

    private <T> T next(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Object e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no " + type.getSimpleName() + "; calls: " + fake.calls());
            }
            if (e instanceof Throwable t) {
                throw new AssertionError("JDA request failed", t);
            }
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
    }

    @Test
    void jdaLogsInAndSeesTheGuild() throws Exception {
        Guild guild = jda.getGuildById(fake.guildId);
        assertNotNull(guild, "guild cached");
        assertEquals("Fake Guild", guild.getName());
        TextChannel channel = jda.getTextChannelById(fake.channelId);
        assertNotNull(channel, "channel cached");
        assertEquals("general", channel.getName());
        assertTrue(channel.canTalk(), "bot may talk in the channel");
        assertEquals(fake.botId, jda.getSelfUser().getId());
        JsonNode identify = fake.gatewayReceived().stream().filter(m -> m.path("op").asInt() == 2).findFirst()
                .orElseThrow();
        assertEquals(fake.botToken, identify.path("d").path("token").asText());
        // all JDA asks over REST to log in: the gateway URL comes from the session controller
        assertEquals(List.of("GET /users/@me"), loginCalls.stream().map(c -> c.method() + " " + c.path()).toList());
        assertTrue(fake.unknownCalls().isEmpty(), () -> "unknown: " + fake.unknownCalls());
    }

    @Test
    void commandsAreRegistered() throws Exception {
        List<net.dv8tion.jda.api.interactions.commands.Command> registered = jda.updateCommands()
                .addCommands(Commands.slash("imagine", "Make a picture")
                        .addOption(OptionType.STRING, "prompt", "what to draw", true)
                        .addOption(OptionType.ATTACHMENT, "image", "a start image", false))
                .complete();
        assertEquals(1, registered.size());
        assertEquals("imagine", registered.get(0).getName());
        RestCall put = call("PUT", "/applications/" + fake.applicationId + "/commands");
        assertEquals("prompt", put.json().get(0).path("options").get(0).path("name").asText());
        assertEquals(registered.get(0).getId(), fake.commands().get(0).get("id").asText());
    }

    @Test
    void slashCommandDefersThenEditsWithFileEmbedAndButtons() throws Exception {
        ObjectNode interaction = fake.sendInteraction(fake.imagine("a red fox", "start.png", PNG));
        String id = interaction.get("id").asText();
        String token = interaction.get("token").asText();

        SlashCommandInteractionEvent event = next(SlashCommandInteractionEvent.class);
        assertEquals("a red fox", event.getOption("prompt").getAsString());
        assertEquals(fake.userId, event.getUser().getId());
        // the attachment points at the fake's CDN, which serves the bytes
        String url = event.getOption("image").getAsAttachment().getUrl();
        try (InputStream in = URI.create(url).toURL().openStream()) {
            assertArrayEquals(PNG, in.readAllBytes());
        }

        RestCall callback = call("POST", "/interactions/" + id + "/" + token + "/callback");
        assertEquals(5, callback.json().path("type").asInt());

        RestCall edit = call("PATCH", "/webhooks/" + fake.applicationId + "/" + token + "/messages/@original");
        assertTrue(edit.contentType().startsWith("multipart/form-data"), edit.contentType());
        assertEquals("Here is **a red fox** from start.png", edit.json().path("content").asText());
        assertEquals(1, edit.files().size());
        assertEquals("result.png", edit.files().get(0).filename());
        assertArrayEquals(PNG, edit.files().get(0).bytes());
        assertEquals("a red fox", edit.json().path("embeds").get(0).path("title").asText());
        assertEquals("again:42",
                edit.json().path("components").get(0).path("components").get(0).path("custom_id").asText());

        Message sent = next(Message.class);
        assertEquals(fake.originalMessageId(token), sent.getId());
        assertEquals(1, sent.getAttachments().size());
        assertEquals("result.png", sent.getAttachments().get(0).getFileName());
        assertEquals(2, sent.getAttachments().get(0).getWidth());
        assertTrue(sent.getEmbeds().get(0).getImage().getUrl().startsWith(fake.cdnBase()));
        assertEquals("again:42", sent.getComponentTree().findAll(Button.class).get(0).getCustomId());
        assertEquals(0, fake.message(sent.getId()).path("flags").asInt(), "no longer loading");
    }

    @Test
    void mentionGetsAReplyWithAFile() throws Exception {
        ObjectNode message = fake.mentionMessage("a red fox");
        fake.dispatch("MESSAGE_CREATE", message);

        MessageReceivedEvent event = next(MessageReceivedEvent.class);
        assertEquals("<@" + fake.botId + "> a red fox", event.getMessage().getContentRaw());

        RestCall post = call("POST", "/channels/" + fake.channelId + "/messages");
        assertTrue(post.json().path("content").asText().startsWith("On it: "), post.toString());
        assertEquals(message.get("id").asText(), post.json().path("message_reference").path("message_id").asText());
        assertEquals("fox.png", post.files().get(0).filename());
        assertArrayEquals(PNG, post.files().get(0).bytes());
        call("POST", "/channels/" + fake.channelId + "/typing");

        Message sent = next(Message.class);
        assertEquals(fake.botId, sent.getAuthor().getId());
        assertEquals("fox.png", sent.getAttachments().get(0).getFileName());
    }

    @Test
    void buttonsEditTheMessage() throws Exception {
        // a message with buttons, as the bot would have sent it
        Message original = jda.getTextChannelById(fake.channelId).sendMessage("a picture")
                .setComponents(ActionRow.of(Button.primary("again:7", "Again"), Button.danger("cancel:7", "Cancel")))
                .complete();

        ObjectNode again = fake.sendInteraction(fake.buttonClick("again:7", original.getId()));
        ButtonInteractionEvent click = next(ButtonInteractionEvent.class);
        assertEquals("again:7", click.getComponentId());
        assertEquals(original.getId(), click.getMessage().getId());
        String token = again.get("token").asText();
        RestCall deferred = call("POST", "/interactions/*/" + token + "/callback");
        assertEquals(6, deferred.json().path("type").asInt());
        RestCall edit = call("PATCH", "/webhooks/*/" + token + "/messages/@original");
        assertEquals("Regenerating...", edit.json().path("content").asText());
        assertEquals(0, edit.json().path("components").size());
        next(Message.class);
        assertEquals("Regenerating...", fake.message(original.getId()).path("content").asText());

        // the message is gone from the fake's view of components, but a stale click still arrives
        ObjectNode cancel = fake.sendInteraction(fake.buttonClick("cancel:7", original.getId()));
        next(ButtonInteractionEvent.class);
        RestCall update = call("POST", "/interactions/*/" + cancel.get("token").asText() + "/callback");
        assertEquals(7, update.json().path("type").asInt());
        assertEquals("Cancelled", update.json().path("data").path("content").asText());
        assertEquals("Cancelled", fake.message(original.getId()).path("content").asText());
    }

    @Test
    void modalSubmitIsAnswered() throws Exception {
        ObjectNode modal = fake.sendInteraction(fake.modalSubmit("settings", Map.of("style", "watercolor")));
        ModalInteractionEvent event = next(ModalInteractionEvent.class);
        assertEquals("settings", event.getModalId());
        RestCall reply = call("POST", "/interactions/*/" + modal.get("token").asText() + "/callback");
        assertEquals(4, reply.json().path("type").asInt());
        assertEquals("Saved watercolor", reply.json().path("data").path("content").asText());
        assertEquals(64, reply.json().path("data").path("flags").asInt());
    }

    @Test
    void gatewayDropIsResumed() throws Exception {
        fake.dropGateway(4000);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (fake.gatewayReceived().stream().noneMatch(m -> m.path("op").asInt() == 6)) {
            assertTrue(System.nanoTime() < deadline, "no RESUME");
            Thread.sleep(20);
        }
        jda.awaitStatus(JDA.Status.CONNECTED);
        fake.dispatch("MESSAGE_CREATE", fake.mentionMessage("after resume"));
        assertTrue(next(MessageReceivedEvent.class).getMessage().getContentRaw().endsWith("after resume"));
        next(Message.class); // the bot's answer: nothing left in flight when JDA shuts down
    }

    private static byte[] png() {
        try {
            BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
            image.setRGB(0, 0, 0xFF4400);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
