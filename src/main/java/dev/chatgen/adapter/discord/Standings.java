package dev.chatgen.adapter.discord;

import dev.chatgen.chat.Standing;
import dev.chatgen.config.ModerationConfig;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.channel.Channel;
import net.dv8tion.jda.api.entities.channel.attribute.IAgeRestrictedChannel;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;

import java.util.Set;

/**
 * What the operator's moderation settings make of a Discord member and channel: whether the member moderates
 * (Manage Server, or a role named in moderation.discord-moderator-roles) and whether NSFW-flagged models may be used
 * in the channel (age-restricted, in a server that opted in).
 */
final class Standings {
    private final Set<String> moderatorRoles;
    private final Set<String> nsfwGuilds;

    Standings(ModerationConfig config) {
        this.moderatorRoles = config.discordModeratorRoles();
        this.nsfwGuilds = config.nsfwGuilds();
    }

    /** The standing of a request by {@code member} (null in a DM) in {@code channel}. */
    Standing of(Member member, Channel channel) {
        return new Standing(moderates(member), adultPlace(channel));
    }

    /** Nobody moderates in a DM. */
    boolean moderates(Member member) {
        return member != null && (member.hasPermission(Permission.MANAGE_SERVER)
                || member.getRoles().stream().anyMatch(r -> moderatorRoles.contains(r.getId())));
    }

    /** A thread has no age restriction of its own: its parent's counts. DMs never are. */
    boolean adultPlace(Channel channel) {
        if (!(channel instanceof GuildChannel g) || !nsfwGuilds.contains(g.getGuild().getId())) {
            return false;
        }
        Channel place = channel instanceof ThreadChannel t ? t.getParentChannel() : channel;
        return place instanceof IAgeRestrictedChannel a && a.isNSFW();
    }
}
