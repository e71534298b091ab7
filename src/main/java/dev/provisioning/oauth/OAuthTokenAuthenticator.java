package dev.provisioning.oauth;

import dev.provisioning.security.ScimAuthenticator;
import dev.provisioning.security.ScimPrincipal;
import dev.provisioning.security.TokenPrincipal;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * Access tokens of OAuth clients (product.md §11): signed by this service, they act as their client's
 * provider exactly as its API key would, while the client lives.
 */
@ApplicationScoped
public class OAuthTokenAuthenticator implements ScimAuthenticator {
    private final AccessTokens tokens;
    private final OAuthClientRegistry registry;

    public OAuthTokenAuthenticator(AccessTokens tokens, OAuthClientRegistry registry) {
        this.tokens = tokens;
        this.registry = registry;
    }

    /** Whether a token claiming this issuer is one of ours. */
    public boolean issues(String issuer) {
        return AccessTokens.ISSUER.equals(issuer);
    }

    @Override
    public Uni<Optional<ScimPrincipal>> authenticate(String token, UUID pathProvider) {
        Optional<AccessTokens.Claims> claims = tokens.verify(token);
        if (claims.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return registry.find(claims.get().clientId()).map(found -> found
                .filter(client -> client.providerId().equals(claims.get().providerId()))
                .map(client -> new TokenPrincipal(client.organizationId(), client.providerId(), client.scimEnabled(),
                        client.multiScimEnabled(), client.clientId())));
    }
}
