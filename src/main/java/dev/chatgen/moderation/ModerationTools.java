package dev.chatgen.moderation;

import dev.chatgen.config.ModerationConfig;

/**
 * What a chat adapter needs for moderation beyond ChatService: the moderators' model command, the
 * "forget me" eraser, and the operator's settings (who moderates, which servers opted in to NSFW).
 */
public record ModerationTools(ModelsCommand models, ForgetMe forgetMe, ModerationConfig config) {
}
