package dev.provisioning.security;

import java.util.Set;
import java.util.UUID;

/**
 * What an API key is, as read from the database: an organization key (with permissions) or a
 * provider key (acting only as that provider), with the organization's SCIM flags.
 */
public record ApiKeyPrincipal(
        UUID keyId,
        UUID organizationId,
        UUID providerKeyProviderId,
        Set<String> permissions,
        boolean revoked,
        boolean scimEnabled,
        boolean multiScimEnabled,
        UUID defaultProviderId,
        byte[] tokenDigest) implements ScimPrincipal {

    public static final String MANAGE_USERS = "manage_users";

    public boolean isProviderKey() {
        return providerKeyProviderId != null;
    }

    /** The provider this key acts as on {@code /scim/v2}, or null when it acts as none. */
    public UUID actingProviderId() {
        if (isProviderKey()) {
            return providerKeyProviderId;
        }
        return permissions.contains(MANAGE_USERS) ? defaultProviderId : null;
    }
}
