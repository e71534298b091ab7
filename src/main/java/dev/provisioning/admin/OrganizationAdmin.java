package dev.provisioning.admin;

import dev.provisioning.organization.ApiKeyEntity;
import dev.provisioning.organization.ApiKeyRepository;
import dev.provisioning.organization.OrganizationEntity;
import dev.provisioning.organization.OrganizationRepository;
import dev.provisioning.organization.OrganizationSetup;
import dev.provisioning.provider.ScimProviderRepository;
import dev.provisioning.security.ApiKeyAuthenticator;
import dev.provisioning.web.AdminException;
import dev.provisioning.cluster.ChangeNotices;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Organizations, their SCIM flags and their organization API keys. Every write runs in one
 * transaction with the organization row locked, and evicts the API-key cache of this replica at
 * once (other replicas follow within the cache's 4 s).
 */
@ApplicationScoped
public class OrganizationAdmin {
    private final OrganizationRepository organizations;
    private final ScimProviderRepository providers;
    private final ApiKeyRepository keys;
    private final OrganizationSetup setup;
    private final ApiKeyAuthenticator authenticator;
    private final ChangeNotices notices;

    public OrganizationAdmin(OrganizationRepository organizations, ScimProviderRepository providers, ApiKeyRepository keys,
            OrganizationSetup setup, ApiKeyAuthenticator authenticator, ChangeNotices notices) {
        this.notices = notices;
        this.organizations = organizations;
        this.providers = providers;
        this.keys = keys;
        this.setup = setup;
        this.authenticator = authenticator;
    }

    public Uni<AdminViews.Organization> create(String name, boolean scimEnabled, boolean multiScimEnabled) {
        return Panache.withTransaction(() -> setup.createOrganization(name, scimEnabled, multiScimEnabled)
                .map(created -> view(created.organization())));
    }

    /** Every organization, or only {@code onlyId} when given (an org-admin sees just its own). */
    public Uni<List<AdminViews.Organization>> list(UUID onlyId) {
        return Panache.withSession(() -> onlyId == null
                ? organizations.listAll().map(list -> list.stream().map(OrganizationAdmin::view).toList())
                : organizations.find(onlyId, false).map(found -> found.map(OrganizationAdmin::view).stream().toList()));
    }

    public Uni<AdminViews.Organization> get(UUID id) {
        return Panache.withSession(() -> require(id, false)).map(OrganizationAdmin::view);
    }

    /**
     * Renames and switches flags. Enabling SCIM creates the default provider (product.md §3.6);
     * switching multi-SCIM off is refused while non-default providers exist, since their users and
     * teams would silently fall to the default provider.
     */
    public Uni<AdminViews.Organization> update(UUID id, String name, Boolean scimEnabled, Boolean multiScimEnabled) {
        return Panache.withTransaction(() -> require(id, true).call(current -> {
                    if (!Boolean.FALSE.equals(multiScimEnabled) || !current.multiScimEnabled) {
                        return Uni.createFrom().voidItem();
                    }
                    return providers.listNonDefault(id).invoke(others -> {
                        if (!others.isEmpty()) {
                            List<AdminViews.ProviderRef> refs = others.stream().map(p -> new AdminViews.ProviderRef(p.id, p.name)).toList();
                            throw AdminException.conflict("Multi-SCIM cannot be switched off while the organization has "
                                    + refs.size() + " SCIM provider(s) besides the default one; delete them first",
                                    Map.of("providers", refs));
                        }
                    });
                }).call(current -> {
                    if (name != null) {
                        current.name = name;
                    }
                    if (scimEnabled != null) {
                        current.scimEnabled = scimEnabled;
                    }
                    if (multiScimEnabled != null) {
                        current.multiScimEnabled = multiScimEnabled;
                    }
                    return current.scimEnabled ? setup.ensureDefaultProvider(id) : Uni.createFrom().voidItem();
                }).call(current -> notices.publish(ChangeNotices.Kind.ORGANIZATION, id)).map(OrganizationAdmin::view))
                .invoke(updated -> authenticator.evictOrganization(id));
    }

    public Uni<AdminViews.NewApiKey> createKey(UUID organizationId, String name, List<String> permissions) {
        return Panache.withTransaction(() -> require(organizationId, true)
                .chain(org -> setup.createApiKey(organizationId, null, name, permissions))
                .map(key -> new AdminViews.NewApiKey(key.id(), name, null, permissions, key.token(), key.hint(), key.createdAt())));
    }

    /** Organization keys, revoked ones included; {@code lastUsedAt} flushed first so that it is current. */
    public Uni<List<AdminViews.ApiKey>> listKeys(UUID organizationId) {
        return Panache.withSession(() -> authenticator.flushLastUsedBeforeListing()
                .chain(flushed -> require(organizationId, false))
                .chain(org -> keys.listOrganizationKeys(organizationId))
                .map(OrganizationAdmin::keyViews));
    }

    /** Revokes an organization key (idempotent) and forgets it on this replica at once. */
    public Uni<Void> revokeKey(UUID organizationId, UUID keyId) {
        return Panache.withTransaction(() -> require(organizationId, false)
                        .chain(org -> keys.revoke(organizationId, null, keyId))
                        .invoke(found -> {
                            if (!found) {
                                throw AdminException.notFound("API key " + keyId + " not found in this organization");
                            }
                        })
                        .call(found -> notices.publish(ChangeNotices.Kind.KEY, keyId)))
                .invoke(done -> authenticator.evictKey(keyId))
                .replaceWithVoid();
    }

    /** The organization, or 404; {@code lock} locks it for the rest of the caller's transaction. */
    Uni<OrganizationEntity> require(UUID id, boolean lock) {
        return organizations.find(id, lock)
                .map(found -> found.orElseThrow(() -> AdminException.notFound("Organization " + id + " not found")));
    }

    static AdminViews.Organization view(OrganizationEntity organization) {
        return new AdminViews.Organization(organization.id, organization.name, organization.scimEnabled,
                organization.multiScimEnabled, organization.createdAt);
    }

    static List<AdminViews.ApiKey> keyViews(List<ApiKeyEntity> keys) {
        return keys.stream().map(key -> new AdminViews.ApiKey(key.id, key.name,
                key.permissions == null ? List.of() : Arrays.asList(key.permissions), key.hint, key.createdAt, key.lastUsedAt,
                key.revokedAt)).toList();
    }
}
