package dev.provisioning.team;

import java.util.UUID;

/** One member of a group as rendered: the user's id and display name (null when the user has none). */
public record GroupMember(UUID userId, String display) {
}
