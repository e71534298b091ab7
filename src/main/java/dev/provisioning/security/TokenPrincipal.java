package dev.provisioning.security;

import java.util.UUID;

/**
 * A token that acts as exactly one provider, as that provider's API key would (product.md §11): an
 * access token of one of its OAuth clients, or a token its Entra tenant issued.
 *
 * @param credentialId the OAuth client's id (recorded with each write), or null for an Entra-issued token
 */
public record TokenPrincipal(UUID organizationId, UUID providerId, boolean scimEnabled, boolean multiScimEnabled,
        UUID credentialId) implements ScimPrincipal {

    @Override
    public UUID keyId() {
        return credentialId;
    }

    @Override
    public boolean revoked() {
        return false;
    }

    @Override
    public UUID defaultProviderId() {
        return null;
    }

    @Override
    public UUID actingProviderId() {
        return providerId;
    }
}
