package dev.provisioning.security;

import io.smallrye.mutiny.Uni;
import java.util.Optional;
import java.util.UUID;

/** One kind of SCIM bearer token (product.md §4.3, §11): API keys, OAuth access tokens, Entra-issued tokens. */
public interface ScimAuthenticator {

    /**
     * What the token authenticates, or empty when it authenticates nothing (401). Never blocks and never
     * makes a network call per request.
     *
     * @param pathProvider the provider of {@code /scim/v2/providers/{id}} when the request came to a provider's own
     *                     base URL, else null
     */
    Uni<Optional<ScimPrincipal>> authenticate(String token, UUID pathProvider);
}
