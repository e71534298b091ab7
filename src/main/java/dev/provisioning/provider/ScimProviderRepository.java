package dev.provisioning.provider;

import dev.provisioning.persistence.Timestamps;
import dev.provisioning.persistence.NativeSql;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code scim_providers} table. Every statement names the organization. */
@ApplicationScoped
public class ScimProviderRepository implements PanacheRepositoryBase<ScimProviderEntity, UUID> {
    static final String DEFAULT_NAME = "Default SCIM provider";

    /** A further (non-default) provider of the organization. */
    public Uni<ScimProviderEntity> create(UUID organizationId, String name) {
        ScimProviderEntity provider = new ScimProviderEntity();
        provider.id = UUID.randomUUID();
        provider.organizationId = organizationId;
        provider.name = name;
        provider.createdAt = Timestamps.now();
        return persist(provider).call(this::flush);
    }

    /**
     * The organization's default provider, created when missing: the partial unique index
     * scim_providers_one_default makes two concurrent calls end with one.
     */
    public Uni<UUID> ensureDefault(UUID organizationId) {
        return NativeSql.execute("""
                        insert into scim_providers (id, organization_id, name, is_default, created_at)
                        values ($1, $2, $3, true, now())
                        on conflict (organization_id) where is_default do nothing""",
                        List.of(UUID.randomUUID(), organizationId, DEFAULT_NAME))
                .chain(() -> NativeSql.row("select id from scim_providers where organization_id = $1 and is_default",
                        List.of(organizationId)))
                .map(row -> (UUID) row[0]);
    }

    /** The organization's provider; {@code lock} locks its row {@code for update}. */
    public Uni<Optional<ScimProviderEntity>> findInOrganization(UUID organizationId, UUID providerId, boolean lock) {
        var query = find("id = ?1 and organizationId = ?2", providerId, organizationId);
        return (lock ? query.withLock(LockModeType.PESSIMISTIC_WRITE) : query).firstResult().map(Optional::ofNullable);
    }

    /** The organization's providers: the default first, then oldest first. */
    public Uni<List<ScimProviderEntity>> listInOrganization(UUID organizationId) {
        return list("organizationId", Sort.descending("isDefault").and("createdAt").and("id"), organizationId);
    }

    /** The organization's providers besides its default one, oldest first. */
    public Uni<List<ScimProviderEntity>> listNonDefault(UUID organizationId) {
        return list("organizationId = ?1 and isDefault = false", Sort.by("createdAt").and("id"), organizationId);
    }

    /** A team that stops being managed by {@code providerId} (SCIM DELETE) stops being its default team too. */
    public Uni<Integer> clearDefaultTeam(UUID organizationId, UUID providerId, UUID teamId) {
        return NativeSql.execute("update scim_providers set default_team_id = null"
                + " where id = $1 and organization_id = $2 and default_team_id = $3", List.of(providerId, organizationId, teamId));
    }

    /** A team that moves to another provider (or to none) stops being the default team of every other provider. */
    public Uni<Integer> clearDefaultTeamExcept(UUID organizationId, UUID teamId, UUID keptProviderId) {
        return NativeSql.execute("update scim_providers set default_team_id = null where organization_id = $1"
                + " and default_team_id = $2 and id is distinct from $3", Arrays.asList(organizationId, teamId, keptProviderId));
    }

    /** Removes the provider row (its keys, users and teams must have been let go first). */
    public Uni<Long> deleteInOrganization(UUID organizationId, UUID providerId) {
        return delete("id = ?1 and organizationId = ?2", providerId, organizationId);
    }

    /**
     * What a token presented at a provider's own base URL may act as: the provider's organization, the
     * Entra tenant it trusts (null: none) and the organization's SCIM flags; null when there is no such
     * provider. Found by the provider's id alone, as API keys are by their digest.
     */
    public Uni<EntraAuthority> entraAuthority(UUID providerId) {
        return NativeSql.row("select p.organization_id, p.entra_tenant_id, o.scim_enabled, o.multi_scim_enabled"
                        + " from scim_providers p join organizations o on o.id = p.organization_id where p.id = $1", List.of(providerId))
                .map(row -> row == null ? null : new EntraAuthority(providerId, (UUID) row[0], (String) row[1], (Boolean) row[2],
                        (Boolean) row[3]));
    }

    public record EntraAuthority(UUID providerId, UUID organizationId, String entraTenantId, boolean scimEnabled,
            boolean multiScimEnabled) {
    }
}
