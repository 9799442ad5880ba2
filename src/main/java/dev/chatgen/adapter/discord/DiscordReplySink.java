package dev.chatgen.adapter.discord;

import dev.chatgen.queue.Reply;
import dev.chatgen.queue.ReplySink;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Posts finished jobs to Discord: the image with its compact embed and buttons, replacing the
 * /imagine "thinking" message while its token lasts, else as a reply in the channel. A second try
 * first looks for the first one's post (its footer names the job), so a crash between posting
 * and recording never shows the picture twice.
 */
final class DiscordReplySink implements ReplySink {
    static final String PLATFORM = "discord";
    /** Discord's upload limit without server boosts. */
    static final int MAX_UPLOAD_BYTES = 10 << 20;
    /** How far back a retry looks for its earlier post. */
    private static final int LOOK_BACK = 50;

    private final Supplier<JDA> jda;
    private final Clock clock;
    private final Placeholders placeholders;
    private final ShardManager shards;

    DiscordReplySink(Supplier<JDA> jda, Clock clock, Placeholders placeholders, ShardManager shards) {
        this.jda = jda;
        this.clock = clock;
        this.placeholders = placeholders;
        this.shards = shards;
    }

    @Override
    public String platform() {
        return PLATFORM;
    }

    @Override
    public String deliver(Reply reply) throws DeliveryException {
        ReplyTarget target = ReplyTarget.decode(reply.replyTarget());
        try {
            MessageChannel channel = channel(target.channelId());
            if (reply.attempt() > 1 && channel != null) {
                Optional<Message> earlier = earlierPost(channel, reply.jobId());
                if (earlier.isPresent()) {
                    return earlier.get().getId();
                }
            }
            MessageCreateData data = message(reply);
            if (target.interactionUsable(clock.instant())) {
                Message posted = InteractionHook.from(jda.get(), target.interactionToken().get())
                        .editOriginal(MessageEditData.fromCreateData(data)).complete();
                return posted.getId();
            }
            if (channel == null) {
                throw new DeliveryException("channel " + target.channelId() + " is gone or not visible to the bot", true, null);
            }
            var send = channel.sendMessage(data);
            if (target.replyTo().isPresent()) {
                send = send.setMessageReference(target.replyTo().get()).failOnInvalidReply(false);
            }
            Message posted = send.complete();
            placeholders.remove(reply.jobId()).ifPresent(id -> channel.deleteMessageById(id).queue(ok -> { }, gone -> { }));
            return posted.getId();
        } catch (ErrorResponseException e) {
            boolean gone = e.getErrorResponse() == ErrorResponse.UNKNOWN_CHANNEL || e.getErrorResponse() == ErrorResponse.MISSING_ACCESS
                    || e.getErrorResponse() == ErrorResponse.MISSING_PERMISSIONS;
            throw new DeliveryException("Discord refused the reply: " + e.getMeaning(), gone, e);
        } catch (RuntimeException e) {
            throw new DeliveryException("posting to Discord failed: " + e.getMessage(), false, e);
        }
    }

    /** A server channel or thread on any shard, else a DM channel the session knows. */
    private MessageChannel channel(long id) {
        MessageChannel channel = shards.getChannelById(MessageChannel.class, id);
        return channel != null ? channel : jda.get().getPrivateChannelById(id);
    }

    static MessageCreateData message(Reply reply) {
        MessageCreateBuilder b = new MessageCreateBuilder();
        if (!reply.done() || reply.steps().isEmpty() || reply.image().isEmpty()) {
            return b.setContent(ReplyMessages.cut(reply.message().orElse("Sorry, that picture failed."), 2000)).build();
        }
        MessageEmbed compact = ReplyMessages.compact(reply.jobId(), reply.steps().get());
        b.setEmbeds(compact).setComponents(ReplyMessages.buttons(reply.jobId(), false));
        List<String> notes = new java.util.ArrayList<>();
        reply.renderNotes().ifPresent(notes::add);
        Upload.fit(reply.image().get(), "chatgen-" + reply.jobId(), MAX_UPLOAD_BYTES).ifPresentOrElse(u -> {
            b.setFiles(u.file());
            u.note().ifPresent(notes::add);
        }, () -> notes.add("The picture is larger than Discord accepts (" + (MAX_UPLOAD_BYTES >> 20) + " MiB), so it is not attached."));
        if (!notes.isEmpty()) {
            b.setContent(ReplyMessages.cut("Note: " + String.join(" ", notes), 2000));
        }
        return b.build();
    }

    private static Optional<Message> earlierPost(MessageChannel channel, long jobId) {
        String footer = ReplyMessages.footer(jobId);
        List<Message> recent = channel.getHistory().retrievePast(LOOK_BACK).complete();
        long self = channel.getJDA().getSelfUser().getIdLong();
        return recent.stream().filter(m -> m.getAuthor().getIdLong() == self)
                .filter(m -> m.getEmbeds().stream().anyMatch(e -> e.getFooter() != null && footer.equals(e.getFooter().getText())))
                .findFirst();
    }
}
