package dev.provisioning.oauth;

import dev.provisioning.provider.ScimProviderRepository;
import dev.provisioning.security.ApiTokens;
import dev.provisioning.web.AdminException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * OAuth 2.0 clients of a SCIM provider (product.md §5, §11) and the client credentials grant
 * (RFC 6749 §4.4). A client's secret is shown once at creation and stored only as its SHA-256; a
 * provider has at most {@value #MAX_LIVE_CLIENTS} live clients, so that a secret can be rotated by
 * adding a client and deleting the old one.
 */
@ApplicationScoped
public class OAuthClients {
    static final int MAX_LIVE_CLIENTS = 2;
    static final String SECRET_PREFIX = "scimoc_";

    private final OAuthClientRepository clients;
    private final ScimProviderRepository providers;
    private final OAuthClientRegistry registry;
    private final AccessTokens tokens;

    public OAuthClients(OAuthClientRepository clients, ScimProviderRepository providers, OAuthClientRegistry registry,
            AccessTokens tokens) {
        this.clients = clients;
        this.providers = providers;
        this.registry = registry;
        this.tokens = tokens;
    }

    /** A client as listed: never its secret. (Serialised by Jackson: registered for a native image.) */
    @RegisterForReflection
    public record Client(UUID clientId, String name, OffsetDateTime createdAt) {
    }

    /** A client as created: the only answer that carries its secret. */
    @RegisterForReflection
    public record NewClient(UUID clientId, String name, String clientSecret, OffsetDateTime createdAt) {
    }

    /** An access token as the token endpoint answers it (RFC 6749 §5.1). */
    public record Grant(String accessToken, long expiresIn) {
    }

    public Uni<NewClient> create(UUID organizationId, UUID providerId, String name) {
        String clientName = name == null ? "OAuth client" : name;
        String secret = ApiTokens.generate(SECRET_PREFIX);
        return Panache.withTransaction(() -> requireProvider(organizationId, providerId, true)
                .chain(provider -> clients.countLive(organizationId, providerId))
                .chain(live -> {
                    if (live >= MAX_LIVE_CLIENTS) {
                        throw AdminException.conflict("This SCIM provider already has " + MAX_LIVE_CLIENTS + " OAuth clients; delete one"
                                + " of them first (two exist so that a client secret can be rotated without downtime)");
                    }
                    return clients.create(organizationId, providerId, clientName, ApiTokens.digest(secret));
                })
                .map(client -> new NewClient(client.id, client.name, secret, client.createdAt)));
    }

    public Uni<List<Client>> list(UUID organizationId, UUID providerId) {
        return Panache.withSession(() -> requireProvider(organizationId, providerId, false)
                .chain(provider -> clients.listLive(organizationId, providerId))
                .map(live -> live.stream().map(client -> new Client(client.id, client.name, client.createdAt)).toList()));
    }

    /** Deletes a client: its tokens stop working at once here and within a second on every replica. */
    public Uni<Void> delete(UUID organizationId, UUID providerId, UUID clientId) {
        return Panache.withTransaction(() -> requireProvider(organizationId, providerId, false)
                        .chain(provider -> clients.delete(organizationId, providerId, clientId))
                        .invoke(found -> {
                            if (!found) {
                                throw AdminException.notFound("OAuth client " + clientId + " not found for this SCIM provider");
                            }
                        }))
                .invoke(done -> registry.invalidate(clientId))
                .replaceWithVoid();
    }

    /**
     * The client credentials grant: an access token when {@code clientId} names a live client whose
     * secret is {@code secret} (compared in constant time), empty otherwise.
     */
    public Uni<Optional<Grant>> grant(UUID clientId, String secret) {
        byte[] digest = ApiTokens.digest(secret);
        return Panache.withSession(() -> clients.authority(clientId)).map(found -> {
            if (found == null || !ApiTokens.sameDigest(found.secretHash(), digest)) {
                return Optional.empty();
            }
            return Optional.of(new Grant(tokens.issue(clientId, found.providerId(), Instant.now()), tokens.lifetime().toSeconds()));
        });
    }

    private Uni<Object> requireProvider(UUID organizationId, UUID providerId, boolean lock) {
        return providers.findInOrganization(organizationId, providerId, lock).map(found -> found.orElseThrow(
                () -> AdminException.notFound("SCIM provider " + providerId + " not found in this organization")));
    }
}
