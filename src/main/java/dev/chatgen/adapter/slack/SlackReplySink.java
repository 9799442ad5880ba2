package dev.chatgen.adapter.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.model.File;
import com.slack.api.model.Message;
import com.slack.api.model.block.LayoutBlock;
import dev.chatgen.queue.Reply;
import dev.chatgen.queue.ReplySink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Posts finished jobs into their Slack thread: the picture uploaded with the current upload flow
 * (files.getUploadURLExternal, the upload, files.completeUploadExternal), then the Block Kit
 * summary with its buttons, then the placeholder goes. A second try first reads the thread for the
 * first try's upload and summary (named by the job), so a crash between posting and recording
 * never shows the picture twice.
 */
final class SlackReplySink implements ReplySink {
    static final String PLATFORM = "slack";
    private static final Logger LOG = LoggerFactory.getLogger(SlackReplySink.class);
    /** How far back a retry looks for its earlier post. */
    private static final int LOOK_BACK = 200;

    private final MethodsClient api;
    private final Placeholders placeholders;

    SlackReplySink(MethodsClient api, Placeholders placeholders) {
        this.api = api;
        this.placeholders = placeholders;
    }

    @Override
    public String platform() {
        return PLATFORM;
    }

    @Override
    public String deliver(Reply reply) throws DeliveryException {
        SlackTarget target = SlackTarget.decode(reply.replyTarget());
        try {
            Earlier earlier = reply.attempt() > 1 ? earlierPost(target, reply.jobId()) : Earlier.NONE;
            if (earlier.summaryTs().isPresent()) {
                removePlaceholder(target, reply.jobId());
                return SlackTarget.messageId(target.channel(), earlier.summaryTs().get());
            }
            String ts;
            if (!reply.done() || reply.steps().isEmpty() || reply.image().isEmpty()) {
                ts = post(target, reply.message().orElse("Sorry, that picture failed."), null);
            } else {
                String fileId = earlier.fileId().isPresent() ? earlier.fileId().get() : upload(target, reply);
                PictureRef ref = new PictureRef(reply.jobId(), fileId, requesterUserId(reply.requester()));
                String text = SlackBlocks.fallback(reply.steps().get())
                        + reply.renderNotes().map(n -> "\nNote: " + n).orElse("");
                ts = post(target, SlackText.escape(text), SlackBlocks.compact(ref, reply.steps().get()));
            }
            removePlaceholder(target, reply.jobId());
            return SlackTarget.messageId(target.channel(), ts);
        } catch (SlackCalls.Failed e) {
            throw new DeliveryException("Slack refused the reply: " + e.getMessage(), e.permanent(), e);
        } catch (IOException e) {
            throw new DeliveryException("reading the picture of job " + reply.jobId() + " failed: " + e.getMessage(), false, e);
        }
    }

    private String upload(SlackTarget target, Reply reply) throws IOException {
        byte[] png = Files.readAllBytes(reply.image().get());
        var uploaded = SlackCalls.call(api, "files.uploadV2", a -> a.filesUploadV2(r -> r.channel(target.channel())
                .threadTs(target.threadOrNull()).fileData(png).filename(SlackBlocks.imageName(reply.jobId()))
                .title(SlackText.cut(reply.steps().get().plan().prompt(), 250)).altTxt(SlackText.cut(reply.steps().get().plan().prompt(), 1000))
                .requestFileInfo(false)));
        List<File> files = uploaded.getFiles() != null ? uploaded.getFiles() : List.of();
        return files.isEmpty() || files.get(0).getId() == null ? "" : files.get(0).getId();
    }

    private String post(SlackTarget target, String text, List<LayoutBlock> blocks) {
        return SlackCalls.call(api, "chat.postMessage", a -> a.chatPostMessage(r -> r.channel(target.channel())
                .threadTs(target.threadOrNull()).text(text).blocks(blocks).unfurlLinks(false).unfurlMedia(false))).getTs();
    }

    private void removePlaceholder(SlackTarget target, long jobId) {
        placeholders.remove(jobId).ifPresent(ts -> {
            try {
                SlackCalls.call(api, "chat.delete", a -> a.chatDelete(r -> r.channel(target.channel()).ts(ts)));
            } catch (SlackCalls.Failed e) {
                LOG.debug("Job {}: removing its placeholder failed: {}", jobId, e.getMessage());
            }
        });
    }

    /** What an earlier try left in the thread: the summary message, or only the upload. */
    private record Earlier(Optional<String> summaryTs, Optional<String> fileId) {
        static final Earlier NONE = new Earlier(Optional.empty(), Optional.empty());
    }

    private Earlier earlierPost(SlackTarget target, long jobId) {
        List<Message> messages = target.threadTs().isEmpty()
                ? SlackCalls.call(api, "conversations.history", a -> a.conversationsHistory(r -> r.channel(target.channel()).limit(LOOK_BACK))).getMessages()
                : SlackCalls.call(api, "conversations.replies", a -> a.conversationsReplies(r -> r.channel(target.channel())
                        .ts(target.threadTs()).limit(LOOK_BACK))).getMessages();
        Optional<String> summary = Optional.empty();
        Optional<String> file = Optional.empty();
        for (Message m : messages == null ? List.<Message>of() : messages) {
            if (m.getBotId() == null) {
                continue;
            }
            if (m.getBlocks() != null && m.getBlocks().stream().anyMatch(b -> SlackBlocks.blockId(jobId).equals(blockIdOf(b)))) {
                summary = Optional.of(m.getTs());
            }
            if (m.getFiles() != null) {
                file = file.or(() -> m.getFiles().stream().filter(f -> SlackBlocks.imageName(jobId).equals(f.getName()))
                        .map(File::getId).filter(Objects::nonNull).findFirst());
            }
        }
        return new Earlier(summary, file);
    }

    private static String blockIdOf(LayoutBlock block) {
        return block instanceof com.slack.api.model.block.ActionsBlock a ? a.getBlockId() : null;
    }

    /** "slack:U123" (the queue's requester) to "U123". */
    static String requesterUserId(String requester) {
        return requester.startsWith(PLATFORM + ":") ? requester.substring(PLATFORM.length() + 1) : requester;
    }
}
