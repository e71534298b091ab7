package dev.provisioning.oauth;

import dev.provisioning.persistence.NativeSql;
import dev.provisioning.persistence.Timestamps;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@code oauth_clients} table. Clients are found by their id alone when a token is requested or
 * used (as API keys by their digest); every other statement names the organization and provider.
 */
@ApplicationScoped
public class OAuthClientRepository implements PanacheRepositoryBase<OAuthClientEntity, UUID> {

    public Uni<OAuthClientEntity> create(UUID organizationId, UUID providerId, String name, byte[] secretHash) {
        OAuthClientEntity client = new OAuthClientEntity();
        client.id = UUID.randomUUID();
        client.organizationId = organizationId;
        client.scimProviderId = providerId;
        client.name = name;
        client.secretHash = secretHash;
        client.createdAt = Timestamps.now();
        return persist(client).call(this::flush);
    }

    /** The provider's live clients, oldest first. */
    public Uni<List<OAuthClientEntity>> listLive(UUID organizationId, UUID providerId) {
        return list("organizationId = ?1 and scimProviderId = ?2 and deletedAt is null", Sort.by("createdAt").and("id"),
                organizationId, providerId);
    }

    public Uni<Long> countLive(UUID organizationId, UUID providerId) {
        return count("organizationId = ?1 and scimProviderId = ?2 and deletedAt is null", organizationId, providerId);
    }

    /** Marks a live client deleted, at the database's time (the clock every replica's poll compares with); whether there was one. */
    public Uni<Boolean> delete(UUID organizationId, UUID providerId, UUID clientId) {
        return NativeSql.execute("update oauth_clients set deleted_at = now() where id = $1 and organization_id = $2"
                + " and scim_provider_id = $3 and deleted_at is null", List.of(clientId, organizationId, providerId))
                .map(changed -> changed > 0);
    }

    /** A deleted provider's clients go with it (product.md §3.6); their tokens stop like a deleted client's. */
    public Uni<Integer> deleteProviderClients(UUID organizationId, UUID providerId) {
        return NativeSql.execute("update oauth_clients set deleted_at = now() where organization_id = $1"
                + " and scim_provider_id = $2 and deleted_at is null", List.of(organizationId, providerId));
    }

    /** What a live client's token acts as, read with its organization's SCIM flags; null for an unknown or deleted client. */
    public Uni<Authority> authority(UUID clientId) {
        return NativeSql.row("""
                        select c.organization_id, c.scim_provider_id, c.secret_hash, o.scim_enabled, o.multi_scim_enabled
                        from oauth_clients c
                        join organizations o on o.id = c.organization_id
                        join scim_providers p on p.id = c.scim_provider_id and p.organization_id = c.organization_id
                        where c.id = $1 and c.deleted_at is null""", List.of(clientId))
                .map(row -> row == null ? null : new Authority(clientId, (UUID) row[0], (UUID) row[1], (byte[]) row[2],
                        (Boolean) row[3], (Boolean) row[4]));
    }

    /** A live client and what it acts as. */
    public record Authority(UUID clientId, UUID organizationId, UUID providerId, byte[] secretHash, boolean scimEnabled,
            boolean multiScimEnabled) {
    }

    /** Clients deleted after {@code since} (database time): what each replica's poll forgets. */
    public Uni<List<Deleted>> deletedSince(OffsetDateTime since) {
        return NativeSql.rows("select id, deleted_at from oauth_clients where deleted_at > $1", List.of(since))
                .map(rows -> {
                    List<Deleted> deleted = new ArrayList<>(rows.size());
                    rows.forEach(row -> deleted.add(new Deleted((UUID) row[0], (OffsetDateTime) row[1])));
                    return deleted;
                });
    }

    public record Deleted(UUID clientId, OffsetDateTime deletedAt) {
    }

    /** The database's clock, where the poll's watermark starts. */
    public Uni<OffsetDateTime> databaseNow() {
        return NativeSql.row("select now()", List.of()).map(row -> (OffsetDateTime) row[0]);
    }
}
