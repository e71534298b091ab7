package dev.provisioning.user;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One row of {@code users}: the product account and the SCIM document its provider sees.
 * {@code claimable} is computed for the calling provider when the row is read for a claim;
 * {@code groups} (the provider's teams of the user) is null when the statement did not read them.
 */
public record UserRow(
        UUID id,
        UUID organizationId,
        String email,
        String displayName,
        String role,
        boolean active,
        UUID providerId,
        boolean scimDeleted,
        ObjectNode scim,
        String userName,
        String externalId,
        OffsetDateTime createdAt,
        OffsetDateTime lastModified,
        long version,
        boolean claimable,
        java.util.List<UserRepository.TeamRef> groups) {

    public boolean isLinked() {
        return providerId != null;
    }
}
