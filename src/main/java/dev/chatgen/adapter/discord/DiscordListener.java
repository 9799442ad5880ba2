package dev.chatgen.adapter.discord;

import dev.chatgen.bot.ChatService;
import dev.chatgen.bot.Outcome;
import dev.chatgen.bot.ProgressMessages;
import dev.chatgen.chat.Attachment;
import dev.chatgen.chat.ChatTurn;
import dev.chatgen.chat.ConversationKey;
import dev.chatgen.chat.Standing;
import dev.chatgen.queue.Outbox;
import dev.chatgen.queue.ProgressWatcher;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageDeleteEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.message.MessageUpdateEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * Discord events in, ChatService calls out: /imagine, a mention, a DM or a reply to one of the
 * bot's images is a request; the buttons under a picture show or hide its steps, reroll it or
 * delete it. Every request carries the author's standing there (moderator, adult place). Work
 * leaves JDA's event thread at once (Discord wants an answer within 3 seconds).
 */
final class DiscordListener extends ListenerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordListener.class);
    /** Discord rate-limits edits; the placeholder changes at most this often. */
    static final Duration EDIT_EVERY = Duration.ofSeconds(2);

    private final ChatService chat;
    private final ProgressWatcher progress;
    private final AttachmentDownloader downloads;
    private final Placeholders placeholders;
    private final ExecutorService work;
    private final Clock clock;
    private final java.util.Set<String> captureChannels;
    private final Standings standings;

    DiscordListener(ChatService chat, ProgressWatcher progress, AttachmentDownloader downloads, Placeholders placeholders,
                    ExecutorService work, Clock clock, java.util.Set<String> captureChannels, Standings standings) {
        this.chat = chat;
        this.progress = progress;
        this.downloads = downloads;
        this.placeholders = placeholders;
        this.work = work;
        this.clock = clock;
        this.captureChannels = captureChannels;
        this.standings = standings;
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        if (!event.getName().equals(SlashCommands.IMAGINE)) {
            return;
        }
        event.deferReply().queue();
        InteractionHook hook = event.getHook();
        String text = Optional.ofNullable(event.getOption("prompt")).map(OptionMapping::getAsString).orElse("");
        Optional<Message.Attachment> image = Optional.ofNullable(event.getOption("image")).map(OptionMapping::getAsAttachment);
        ConversationKey key = key(event.getGuild() == null ? "" : event.getGuild().getId(), event.getChannel(), event.getUser().getId());
        ReplyTarget target = ReplyTarget.ofInteraction(event.getChannel().getIdLong(), event.getToken(), clock.instant());
        String interactionId = event.getId();
        Standing standing = standings.of(event.getMember(), event.getChannel());
        work.execute(() -> {
            List<String> notes = new ArrayList<>();
            List<Attachment> attachments = download(image.stream().toList(), notes);
            Outcome o = chat.request(new ChatTurn(key, text, attachments, Optional.of("interaction:" + interactionId),
                    Optional.empty(), target.encode(), standing));
            if (o instanceof Outcome.Told t) {
                // A refusal is for the person who asked: take the public "thinking" message away, answer privately.
                hook.deleteOriginal().queue(ok -> { }, gone -> { });
                hook.sendMessage(t.message()).setEphemeral(true).queue(ok -> { }, failed -> LOG.debug("Answering /imagine failed: {}", failed.getMessage()));
                return;
            }
            answer(o, notes, line -> hook.editOriginal(line).queue(ok -> { }, failed -> LOG.debug("Editing /imagine failed: {}", failed.getMessage())));
        });
    }

    @Override
    public void onMessageReceived(MessageReceivedEvent event) {
        Message message = event.getMessage();
        if (event.getAuthor().isBot() || event.isWebhookMessage()) {
            return;
        }
        long self = event.getJDA().getSelfUser().getIdLong();
        boolean dm = event.isFromType(ChannelType.PRIVATE);
        boolean mention = message.getMentions().getUsers().stream().anyMatch(u -> u.getIdLong() == self);
        Optional<String> repliesTo = Optional.ofNullable(message.getMessageReference()).map(r -> r.getMessageId());
        String text = message.getContentRaw().replaceAll("<@!?" + self + ">", "").strip();
        ConversationKey key = key(event.isFromGuild() ? event.getGuild().getId() : "", event.getChannel(), event.getAuthor().getId());
        ReplyTarget target = ReplyTarget.ofMessage(event.getChannel().getIdLong(), message.getIdLong(), clock.instant());
        MessageChannel channel = event.getChannel();
        boolean capture = captureChannels.contains(channel.getId());
        if (!dm && !mention && repliesTo.isEmpty() && !capture) {
            return;
        }
        Standing standing = standings.of(event.getMember(), channel);
        work.execute(() -> {
            // A reply counts as a request only when it answers one of the bot's pictures.
            boolean toOurPicture = repliesTo.isPresent() && chat.isPostedPicture(DiscordReplySink.PLATFORM, repliesTo.get());
            if (!dm && !mention && !toOurPicture) {
                if (capture && !text.isBlank()) {
                    chat.context(new ChatTurn(key, text, List.of(), Optional.of(message.getId()), Optional.empty(), "", standing));
                }
                return;
            }
            List<String> notes = new ArrayList<>();
            List<Attachment> attachments = download(message.getAttachments(), notes);
            Outcome o = chat.request(new ChatTurn(key, text, attachments, Optional.of(message.getId()),
                    toOurPicture ? repliesTo : Optional.empty(), target.encode(), standing));
            if (o instanceof Outcome.Queued q) {
                Message placeholder = channel.sendMessage(ProgressMessages.queued(q.position(), false, notes)).setMessageReference(message)
                        .failOnInvalidReply(false).complete();
                placeholders.put(q.jobId(), placeholder.getIdLong());
                follow(q.jobId(), line -> channel.editMessageById(placeholder.getIdLong(), line).queue(ok -> { }, gone -> { }));
            } else if (o instanceof Outcome.Told t) {
                channel.sendMessage(t.message()).setMessageReference(message).failOnInvalidReply(false).queue();
            }
        });
    }

    @Override
    public void onMessageUpdate(MessageUpdateEvent event) {
        if (event.getAuthor().isBot()) {
            return;
        }
        long self = event.getJDA().getSelfUser().getIdLong();
        String text = event.getMessage().getContentRaw().replaceAll("<@!?" + self + ">", "").strip();
        String id = event.getMessageId();
        work.execute(() -> chat.edited(DiscordReplySink.PLATFORM, id, text));
    }

    @Override
    public void onMessageDelete(MessageDeleteEvent event) {
        String id = event.getMessageId();
        work.execute(() -> chat.deleted(DiscordReplySink.PLATFORM, id));
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        Optional<ReplyMessages.Click> click = ReplyMessages.Click.parse(event.getComponentId());
        if (click.isEmpty()) {
            return;
        }
        long jobId = click.get().jobId();
        switch (click.get().action()) {
            case "steps", "hide" -> {
                event.deferEdit().queue();
                work.execute(() -> showSteps(event.getHook(), jobId, click.get().action().equals("steps")));
            }
            case "delete" -> delete(event);
            case "edit" -> {
                String last = chat.lastRequest(jobId).orElse("");
                TextInput input = TextInput.create("request", TextInputStyle.PARAGRAPH).setValue(last.isEmpty() ? null : ReplyMessages.cut(last, 2000))
                        .setMaxLength(2000).setRequired(true).build();
                event.replyModal(Modal.create(ReplyMessages.editModalId(jobId, event.getMessageId()), "Change this picture")
                        .addComponents(Label.of("What would you like instead?", input)).build()).queue();
            }
            case "reroll" -> {
                event.deferReply().queue();
                ConversationKey key = key(event.getGuild() == null ? "" : event.getGuild().getId(), event.getChannel(), event.getUser().getId());
                ReplyTarget target = ReplyTarget.ofInteraction(event.getChannel().getIdLong(), event.getToken(), clock.instant());
                InteractionHook hook = event.getHook();
                String messageId = event.getMessageId();
                Standing standing = standings.of(event.getMember(), event.getChannel());
                work.execute(() -> {
                    String again = chat.lastRequest(jobId).orElse("");
                    Outcome o = chat.request(new ChatTurn(key, again, List.of(), Optional.of("interaction:" + event.getId()),
                            Optional.of(messageId), target.encode(), standing));
                    answer(o, List.of(), line -> hook.editOriginal(line).queue(ok -> { }, failed -> { }));
                });
            }
            default -> event.reply("I don't know that button.").setEphemeral(true).queue();
        }
    }

    @Override
    public void onModalInteraction(ModalInteractionEvent event) {
        Optional<String> picture = ReplyMessages.editedMessage(event.getModalId());
        if (picture.isEmpty() || event.getValue("request") == null) {
            return;
        }
        String text = event.getValue("request").getAsString();
        event.deferReply().queue();
        // The channel as is, not as a server channel: pictures in DMs have the Edit button too.
        ConversationKey key = key(event.getGuild() == null ? "" : event.getGuild().getId(), event.getChannel(), event.getUser().getId());
        ReplyTarget target = ReplyTarget.ofInteraction(event.getChannel().getIdLong(), event.getToken(), clock.instant());
        InteractionHook hook = event.getHook();
        String interactionId = event.getId();
        Standing standing = standings.of(event.getMember(), event.getChannel());
        work.execute(() -> {
            // A new turn that replies to the picture: it continues that picture's conversation and plan.
            Outcome o = chat.request(new ChatTurn(key, text, List.of(), Optional.of("interaction:" + interactionId), picture, target.encode(),
                    standing));
            answer(o, List.of(), line -> hook.editOriginal(line).queue(ok -> { }, failed -> { }));
        });
    }

    private void showSteps(InteractionHook hook, long jobId, boolean expand) {
        Optional<Outbox.Steps> steps = chat.steps(jobId);
        if (steps.isEmpty()) {
            hook.sendMessage("I no longer have the steps of this picture.").setEphemeral(true).queue();
            return;
        }
        MessageEditBuilder edit = new MessageEditBuilder().setComponents(ReplyMessages.buttons(jobId, expand));
        if (expand) {
            ReplyMessages.StepsView view = ReplyMessages.expanded(jobId, steps.get());
            edit.setEmbeds(view.embed());
            view.fullTrace().ifPresent(edit::setFiles);
        } else {
            edit.setEmbeds(ReplyMessages.compact(jobId, steps.get()));
        }
        hook.editOriginal(edit.build()).queue(ok -> { }, failed -> LOG.debug("Editing steps of job {} failed: {}", jobId, failed.getMessage()));
    }

    private void delete(ButtonInteractionEvent event) {
        boolean requester = event.getMessage().getMessageReference() != null
                && event.getMessage().getReferencedMessage() != null
                && event.getMessage().getReferencedMessage().getAuthor().getIdLong() == event.getUser().getIdLong();
        boolean moderator = event.getMember() != null && event.getMember().hasPermission(Permission.MESSAGE_MANAGE);
        boolean requesterByInteraction = event.getMessage().getInteractionMetadata() != null
                && event.getMessage().getInteractionMetadata().getUser().getIdLong() == event.getUser().getIdLong();
        if (requester || moderator || requesterByInteraction) {
            // Acknowledge the click first: once the message is gone, Discord refuses an answer to it.
            Message picture = event.getMessage();
            event.deferEdit().queue(ok -> picture.delete().queue(done -> { }, gone -> { }), failed -> { });
        } else {
            event.reply("Only the person who asked for this picture, or a moderator, can delete it.").setEphemeral(true).queue();
        }
    }

    private void answer(Outcome o, List<String> notes, Consumer<String> say) {
        if (o instanceof Outcome.Queued q) {
            say.accept(ProgressMessages.queued(q.position(), false, notes));
            follow(q.jobId(), say);
        } else if (o instanceof Outcome.Told t) {
            say.accept(t.message());
        }
    }

    /** Edits the placeholder as the job moves, at most every {@link #EDIT_EVERY}; the result replaces it. */
    private void follow(long jobId, Consumer<String> say) {
        ProgressMessages.follow(progress, jobId, clock, EDIT_EVERY, say);
    }

    private List<Attachment> download(List<Message.Attachment> attached, List<String> notes) {
        List<Attachment> out = new ArrayList<>();
        for (Message.Attachment a : attached) {
            AttachmentDownloader.Download d = downloads.fetch(a);
            d.attachment().ifPresent(out::add);
            d.refusal().ifPresent(notes::add);
        }
        return out;
    }

    static ConversationKey key(String guild, MessageChannel channel, String user) {
        boolean thread = channel.getType().isThread();
        return new ConversationKey(DiscordReplySink.PLATFORM, guild, channelOf(channel), thread ? channel.getId() : "", user);
    }

    /** The channel a conversation (and a model policy) belongs to: a thread's parent, else the channel itself. */
    static String channelOf(MessageChannel channel) {
        return channel.getType().isThread()
                ? ((net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel) channel).getParentChannel().getId() : channel.getId();
    }
}
