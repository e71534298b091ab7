package dev.provisioning.admin;

import dev.provisioning.event.ProvisioningEventEntity;
import dev.provisioning.event.ProvisioningEventRepository;
import dev.provisioning.organization.ApiKeyRepository;
import dev.provisioning.organization.OrganizationSetup;
import dev.provisioning.provider.ScimProviderEntity;
import dev.provisioning.provider.ScimProviderRepository;
import dev.provisioning.security.ApiKeyAuthenticator;
import dev.provisioning.security.ProviderCredentials;
import dev.provisioning.team.TeamRepository;
import dev.provisioning.user.UserRepository;
import dev.provisioning.web.AdminException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * SCIM providers of an organization (product.md §2, §3.6): several only with multi-SCIM, each
 * with its own base URL, at most two live keys (for rotation), an optional default team, and its
 * provisioning events. Every query names the organization.
 */
@ApplicationScoped
public class ProviderAdmin {
    static final int MAX_LIVE_KEYS = 2;
    static final int MAX_EVENTS_PAGE = 200;

    private final OrganizationAdmin organizations;
    private final ScimProviderRepository providers;
    private final TeamRepository teams;
    private final UserRepository users;
    private final ApiKeyRepository keys;
    private final ProvisioningEventRepository events;
    private final OrganizationSetup setup;
    private final ApiKeyAuthenticator authenticator;
    private final ProviderCredentials credentials;

    public ProviderAdmin(OrganizationAdmin organizations, ScimProviderRepository providers, TeamRepository teams,
            UserRepository users, ApiKeyRepository keys, ProvisioningEventRepository events, OrganizationSetup setup,
            ApiKeyAuthenticator authenticator, ProviderCredentials credentials) {
        this.organizations = organizations;
        this.providers = providers;
        this.teams = teams;
        this.users = users;
        this.keys = keys;
        this.events = events;
        this.setup = setup;
        this.authenticator = authenticator;
        this.credentials = credentials;
    }

    public Uni<List<AdminViews.ScimProvider>> list(UUID organizationId, String publicBase) {
        return Panache.withSession(() -> organizations.require(organizationId, false)
                .chain(org -> providers.listInOrganization(organizationId))
                .chain(list -> {
                    List<AdminViews.ScimProvider> views = new ArrayList<>();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (ScimProviderEntity provider : list) {
                        chain = chain.chain(() -> view(provider, publicBase).invoke(views::add).replaceWithVoid());
                    }
                    return chain.map(done -> views);
                }));
    }

    public Uni<AdminViews.ScimProvider> get(UUID organizationId, UUID providerId, String publicBase) {
        return Panache.withSession(() -> organizations.require(organizationId, false)
                .chain(org -> require(organizationId, providerId, false))
                .chain(provider -> view(provider, publicBase)));
    }

    /** A further provider: only with SCIM and multi-SCIM on, which vendor staff switch (product.md §3.6). */
    public Uni<AdminViews.ScimProvider> create(UUID organizationId, String name, String publicBase) {
        return Panache.withTransaction(() -> organizations.require(organizationId, true).chain(org -> {
            if (!org.scimEnabled) {
                throw AdminException.conflict("SCIM is not enabled for this organization; it must be enabled by vendor staff (your CSM)"
                        + " before SCIM providers can be added");
            }
            if (!org.multiScimEnabled) {
                throw AdminException.conflict("This organization already has its default SCIM provider; to connect another one,"
                        + " multi-SCIM must be enabled by vendor staff (your CSM)");
            }
            return providers.create(organizationId, name).chain(provider -> view(provider, publicBase));
        }));
    }

    /**
     * Renames, and sets or clears ({@code null}) the default team new users join. That team must
     * be this provider's or unmanaged: a user created by one provider in another provider's team
     * would be the very conflict §3.6 forbids.
     */
    public Uni<AdminViews.ScimProvider> update(UUID organizationId, UUID providerId, String name, boolean setDefaultTeam,
            UUID defaultTeamId, String publicBase) {
        return update(organizationId, providerId, name, setDefaultTeam, defaultTeamId, false, null, publicBase);
    }

    /**
     * {@link #update(UUID, UUID, String, boolean, UUID, String)}, and sets or clears ({@code null}) the
     * Entra tenant whose own tokens act as the provider (product.md §11); clearing it stops them at once
     * here and within five seconds on every replica.
     */
    public Uni<AdminViews.ScimProvider> update(UUID organizationId, UUID providerId, String name, boolean setDefaultTeam,
            UUID defaultTeamId, boolean setEntraTenant, UUID entraTenantId, String publicBase) {
        return Panache.withTransaction(() -> require(organizationId, providerId, true).call(provider -> {
            if (!setDefaultTeam || defaultTeamId == null) {
                return Uni.createFrom().voidItem();
            }
            return teams.findInOrganization(organizationId, defaultTeamId, false).invoke(found -> {
                var team = found.orElseThrow(() -> AdminException.badRequest("defaultTeamId",
                        "Team " + defaultTeamId + " does not exist in this organization"));
                if (team.scimProviderId != null && !team.scimProviderId.equals(providerId)) {
                    throw AdminException.conflict("Team '" + team.name + "' is managed by another SCIM provider (" + team.scimProviderId
                            + "); a provider's default team must be one of its own teams or an unmanaged team");
                }
            });
        }).chain(provider -> {
            if (name != null) {
                provider.name = name;
            }
            if (setDefaultTeam) {
                provider.defaultTeamId = defaultTeamId;
            }
            if (setEntraTenant) {
                provider.entraTenantId = entraTenantId == null ? null : entraTenantId.toString();
            }
            return view(provider, publicBase);
        })).invoke(view -> credentials.forget(providerId));
    }

    /**
     * Deletes a provider (product.md §3.6): its keys go (they stop working at once), its users are
     * unlinked with their {@code active} kept and their SCIM view reset to the product user's, its
     * teams become unmanaged. Set-based, so a provider with many users is not loaded into memory.
     * Provider rows are removed rather than flagged: nothing can act as a deleted provider, and
     * its provisioning events (which carry its id) stay.
     */
    public Uni<Void> delete(UUID organizationId, UUID providerId) {
        return Panache.withTransaction(() -> organizations.require(organizationId, true)
                        .chain(org -> require(organizationId, providerId, true).invoke(provider -> {
                            if (provider.isDefault && org.scimEnabled) {
                                throw AdminException.conflict("The default SCIM provider cannot be deleted while SCIM is enabled;"
                                        + " vendor staff (your CSM) must disable SCIM first");
                            }
                        }))
                        .call(provider -> keys.deleteProviderKeys(organizationId, providerId))
                        .call(provider -> credentials.deleteAll(organizationId, providerId))
                        .call(provider -> users.unlinkAll(organizationId, providerId))
                        .call(provider -> teams.unmanageAll(organizationId, providerId))
                        .call(provider -> providers.delete(provider)))
                .invoke(done -> authenticator.evictOrganization(organizationId))
                .invoke(done -> credentials.forget(providerId))
                .replaceWithVoid();
    }

    /** A provider key; at most {@value #MAX_LIVE_KEYS} live ones, so that a key is rotated by adding one and revoking the old. */
    public Uni<AdminViews.NewApiKey> createKey(UUID organizationId, UUID providerId, String name) {
        String keyName = name == null ? "SCIM provider key" : name;
        return Panache.withTransaction(() -> require(organizationId, providerId, true)
                .chain(provider -> keys.countLive(organizationId, providerId))
                .chain(live -> {
                    if (live >= MAX_LIVE_KEYS) {
                        throw AdminException.conflict("This SCIM provider already has " + MAX_LIVE_KEYS + " active API keys; revoke one of"
                                + " them first (two keys exist so that a key can be rotated without downtime)");
                    }
                    return setup.createApiKey(organizationId, providerId, keyName, List.of());
                })
                .map(key -> new AdminViews.NewApiKey(key.id(), keyName, providerId, List.of(), key.token(), key.hint(),
                        key.createdAt())));
    }

    /** A provider's keys, revoked ones included (not in the §5 table; an administrator needs it to rotate keys). */
    public Uni<List<AdminViews.ApiKey>> listKeys(UUID organizationId, UUID providerId) {
        return Panache.withSession(() -> authenticator.flushLastUsedBeforeListing()
                .chain(flushed -> require(organizationId, providerId, false))
                .chain(provider -> keys.listProviderKeys(organizationId, providerId))
                .map(OrganizationAdmin::keyViews));
    }

    public Uni<Void> revokeKey(UUID organizationId, UUID providerId, UUID keyId) {
        return Panache.withTransaction(() -> require(organizationId, providerId, false)
                        .chain(provider -> keys.revoke(organizationId, providerId, keyId))
                        .invoke(found -> {
                            if (!found) {
                                throw AdminException.notFound("API key " + keyId + " not found for this SCIM provider");
                            }
                        }))
                .invoke(done -> authenticator.evictKey(keyId))
                .replaceWithVoid();
    }

    /** Newest first, keyed on the event id: {@code next} is the {@code before} of the following page, null on the last. */
    public Uni<AdminViews.EventPage> events(UUID organizationId, UUID providerId, int limit, Long before) {
        return events(organizationId, providerId, limit, before, null, null);
    }

    /** As {@link #events(UUID, UUID, int, Long)}, only events with this outcome and operation when given (the console's filters). */
    public Uni<AdminViews.EventPage> events(UUID organizationId, UUID providerId, int limit, Long before, String outcome, String operation) {
        return Panache.withSession(() -> require(organizationId, providerId, false)
                .chain(provider -> events.page(organizationId, providerId, limit + 1, before, outcome, operation))
                .map(found -> {
                    List<AdminViews.Event> items = new ArrayList<>(found.size());
                    for (ProvisioningEventEntity event : found) {
                        items.add(new AdminViews.Event(event.id, event.createdAt, event.operation, event.resourceType, event.resourceId,
                                event.outcome, event.status, event.attributes == null ? List.of() : Arrays.asList(event.attributes),
                                event.detail, event.apiKeyId));
                    }
                    Long next = null;
                    if (items.size() > limit) {
                        items = new ArrayList<>(items.subList(0, limit));
                        next = items.get(limit - 1).id();
                    }
                    return new AdminViews.EventPage(items, next);
                }));
    }

    /** The organization's provider, or 404; {@code lock} locks it for the rest of the caller's transaction. */
    Uni<ScimProviderEntity> require(UUID organizationId, UUID providerId, boolean lock) {
        return providers.findInOrganization(organizationId, providerId, lock).map(found -> found.orElseThrow(
                () -> AdminException.notFound("SCIM provider " + providerId + " not found in this organization")));
    }

    private Uni<AdminViews.ScimProvider> view(ScimProviderEntity provider, String publicBase) {
        return teams.idsManagedBy(provider.organizationId, provider.id)
                .chain(teamIds -> events.activity(provider.organizationId, provider.id)
                        .map(activity -> new AdminViews.ScimProvider(provider.id, provider.name, provider.isDefault,
                                publicBase + "/scim/v2/providers/" + provider.id, provider.defaultTeamId, teamIds, provider.createdAt,
                                provider.entraTenantId, activity.lastActivityAt(),
                                new AdminViews.Activity(activity.writes(), activity.failures()))));
    }
}
