package dev.provisioning.security;

import dev.provisioning.oauth.OAuthTokenAuthenticator;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * Picks the authenticator for a bearer token by its shape: a JWT goes by its issuer to the OAuth
 * access tokens this service signs or to the tokens an Entra tenant issues; anything else is an API
 * key. Only the shape and the unverified issuer are read here; each authenticator verifies everything.
 */
@ApplicationScoped
public class ScimAuthenticators {
    private final ApiKeyAuthenticator apiKeys;
    private final OAuthTokenAuthenticator oauth;
    private final EntraTokenAuthenticator entra;

    public ScimAuthenticators(ApiKeyAuthenticator apiKeys, OAuthTokenAuthenticator oauth, EntraTokenAuthenticator entra) {
        this.apiKeys = apiKeys;
        this.oauth = oauth;
        this.entra = entra;
    }

    public Uni<Optional<ScimPrincipal>> authenticate(String token, UUID pathProvider) {
        Optional<String> issuer = JwtShape.issuer(token);
        if (issuer.isEmpty()) {
            return apiKeys.authenticate(token).map(found -> found.map(ScimPrincipal.class::cast));
        }
        if (oauth.issues(issuer.get())) {
            return oauth.authenticate(token, pathProvider);
        }
        if (entra.issues(issuer.get())) {
            return entra.authenticate(token, pathProvider);
        }
        return Uni.createFrom().item(Optional.empty());
    }
}
