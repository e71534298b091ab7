package dev.provisioning.security;

import dev.provisioning.oauth.OAuthClientRegistry;
import dev.provisioning.oauth.OAuthClientRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The credentials of a provider besides its API keys (product.md §11): its OAuth clients and the
 * Entra tenant it trusts. What provider administration must tell them when a provider changes or goes.
 */
@ApplicationScoped
public class ProviderCredentials {
    private final OAuthClientRepository oauthClients;
    private final OAuthClientRegistry oauthRegistry;
    private final EntraTokenAuthenticator entraTokens;

    public ProviderCredentials(OAuthClientRepository oauthClients, OAuthClientRegistry oauthRegistry,
            EntraTokenAuthenticator entraTokens) {
        this.oauthClients = oauthClients;
        this.oauthRegistry = oauthRegistry;
        this.entraTokens = entraTokens;
    }

    /** Deletes a provider's OAuth clients, in the caller's transaction (the provider is being deleted). */
    public Uni<Integer> deleteAll(UUID organizationId, UUID providerId) {
        return oauthClients.deleteProviderClients(organizationId, providerId);
    }

    /** After the provider changed or was deleted: nothing cached on this replica acts for it any more. */
    public void forget(UUID providerId) {
        oauthRegistry.invalidateProvider(providerId);
        entraTokens.forgetProvider(providerId);
    }
}
