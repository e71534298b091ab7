package dev.provisioning.security;

import java.util.UUID;

/**
 * What a bearer token authenticated, as {@link ScimRequestFilter} needs it: an API key
 * ({@link ApiKeyPrincipal}) or a token acting as one provider ({@link TokenPrincipal}).
 */
public interface ScimPrincipal {

    UUID organizationId();

    /** The credential recorded with each write (an API key's or an OAuth client's id); null when there is none. */
    UUID keyId();

    boolean revoked();

    boolean scimEnabled();

    boolean multiScimEnabled();

    UUID defaultProviderId();

    /** The provider the credential acts as, or null when it acts as none. */
    UUID actingProviderId();
}
