package dev.provisioning.team;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One row of {@code teams} as a SCIM Group: {@code displayName} is the team's {@code name}. Members
 * are not part of the row: a team may have 100 000 of them, read only when a response needs them.
 */
public record GroupRow(
        UUID id,
        UUID organizationId,
        String displayName,
        UUID providerId,
        String externalId,
        OffsetDateTime createdAt,
        OffsetDateTime lastModified,
        long version) {
}
