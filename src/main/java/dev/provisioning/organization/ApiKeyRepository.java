package dev.provisioning.organization;

import dev.provisioning.persistence.Timestamps;
import dev.provisioning.persistence.NativeSql;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code api_keys} table. Keys are found by the SHA-256 of their secret (the secret is never
 * stored); every other statement names the organization.
 */
@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKeyEntity, UUID> {

    /** A new key with this digest; {@code providerId} null makes it an organization key. */
    public Uni<ApiKeyEntity> create(UUID organizationId, UUID providerId, String name, List<String> permissions,
            byte[] tokenHash, String hint) {
        ApiKeyEntity key = new ApiKeyEntity();
        key.id = UUID.randomUUID();
        key.organizationId = organizationId;
        key.scimProviderId = providerId;
        key.name = name;
        key.permissions = permissions.toArray(String[]::new);
        key.tokenHash = tokenHash;
        key.hint = hint;
        key.createdAt = Timestamps.now();
        return persist(key).call(this::flush);
    }

    /**
     * The key with this digest, with what authentication needs of its organization (SCIM flags and
     * default provider) in the same statement, or null.
     */
    public Uni<KeyLookup> findByDigest(byte[] digest) {
        return NativeSql.row("""
                        select k.id, k.organization_id, k.scim_provider_id, array_to_json(k.permissions)::text, k.revoked_at is not null,
                               k.token_hash, o.scim_enabled, o.multi_scim_enabled,
                               (select p.id from scim_providers p where p.organization_id = o.id and p.is_default)
                        from api_keys k join organizations o on o.id = k.organization_id
                        where k.token_hash = $1""", List.of(digest))
                .map(row -> row == null ? null : new KeyLookup((UUID) row[0], (UUID) row[1], (UUID) row[2], (String) row[3],
                        (Boolean) row[4], (byte[]) row[5], (Boolean) row[6], (Boolean) row[7], (UUID) row[8]));
    }

    /** What {@link #findByDigest} reads; {@code permissionsJson} is the permissions as a JSON array. */
    public record KeyLookup(UUID id, UUID organizationId, UUID providerId, String permissionsJson, boolean revoked,
            byte[] tokenHash, boolean scimEnabled, boolean multiScimEnabled, UUID defaultProviderId) {
    }

    /** The organization's own keys (not its providers'), revoked ones included, oldest first. */
    public Uni<List<ApiKeyEntity>> listOrganizationKeys(UUID organizationId) {
        return list("organizationId = ?1 and scimProviderId is null", Sort.by("createdAt").and("id"), organizationId);
    }

    /** A provider's keys, revoked ones included, oldest first. */
    public Uni<List<ApiKeyEntity>> listProviderKeys(UUID organizationId, UUID providerId) {
        return list("organizationId = ?1 and scimProviderId = ?2", Sort.by("createdAt").and("id"), organizationId, providerId);
    }

    /** How many unrevoked keys a provider has. */
    public Uni<Long> countLive(UUID organizationId, UUID providerId) {
        return count("organizationId = ?1 and scimProviderId = ?2 and revokedAt is null", organizationId, providerId);
    }

    /**
     * Revokes a key (idempotent: a revoked key keeps its first {@code revokedAt}); {@code providerId}
     * null names an organization key. Answers whether such a key exists.
     */
    public Uni<Boolean> revoke(UUID organizationId, UUID providerId, UUID keyId) {
        String sql = "update api_keys set revoked_at = coalesce(revoked_at, now()) where id = $1 and organization_id = $2 and "
                + (providerId == null ? "scim_provider_id is null" : "scim_provider_id = $3");
        List<Object> binds = providerId == null ? List.of(keyId, organizationId) : List.of(keyId, organizationId, providerId);
        return NativeSql.execute(sql, binds).map(changed -> changed > 0);
    }

    /** A deleted provider's keys go with it (product.md §3.6). */
    public Uni<Integer> deleteProviderKeys(UUID organizationId, UUID providerId) {
        return NativeSql.execute("delete from api_keys where scim_provider_id = $1 and organization_id = $2",
                List.of(providerId, organizationId));
    }

    /** Records when keys were last used, in one statement for the whole batch; a later time never goes back. */
    public Uni<Integer> recordUse(Map<UUID, OffsetDateTime> lastUsed) {
        UUID[] ids = lastUsed.keySet().toArray(UUID[]::new);
        // as ISO text: Hibernate hands a timestamp array to the Vert.x client as Instant[], which it cannot encode
        String[] times = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            times[i] = lastUsed.get(ids[i]).toString();
        }
        return NativeSql.execute("update api_keys k set last_used_at = greatest(coalesce(k.last_used_at, x.at::timestamptz), x.at::timestamptz)"
                + " from unnest($1::uuid[], $2::text[]) as x(id, at) where k.id = x.id", List.of(ids, times));
    }
}
