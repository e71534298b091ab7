package dev.provisioning.organization;

import dev.provisioning.security.ApiTokens;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Creating organizations, their default SCIM provider and API keys: shared by the first-run
 * bootstrap and the admin API. Enabling SCIM always creates the default provider (product.md §3.6).
 */
@ApplicationScoped
public class OrganizationSetup {

    public record NewOrganization(UUID organizationId, UUID defaultProviderId) {
    }

    public record NewApiKey(UUID id, String token, String hint, java.time.OffsetDateTime createdAt) {
    }

    public Uni<NewOrganization> createOrganization(SqlClient db, String name, boolean scimEnabled, boolean multiScimEnabled) {
        UUID organizationId = UUID.randomUUID();
        Uni<Void> organization = db.preparedQuery(
                        "insert into organizations (id, name, scim_enabled, multi_scim_enabled) values ($1, $2, $3, $4)")
                .execute(Tuple.of(organizationId, name, scimEnabled, multiScimEnabled))
                .replaceWithVoid();
        if (!scimEnabled) {
            return organization.replaceWith(new NewOrganization(organizationId, null));
        }
        return organization.flatMap(done -> ensureDefaultProvider(db, organizationId))
                .map(providerId -> new NewOrganization(organizationId, providerId));
    }

    /** The organization's default provider, created when missing. */
    public Uni<UUID> ensureDefaultProvider(SqlClient db, UUID organizationId) {
        return db.preparedQuery("""
                        insert into scim_providers (id, organization_id, name, is_default)
                        values ($1, $2, 'Default SCIM provider', true)
                        on conflict (organization_id) where is_default do nothing""")
                .execute(Tuple.of(UUID.randomUUID(), organizationId))
                .flatMap(done -> db.preparedQuery("select id from scim_providers where organization_id = $1 and is_default")
                        .execute(Tuple.of(organizationId)))
                .map(rows -> rows.iterator().next().getUUID(0));
    }

    /** A new key; the returned token is the only time the secret exists outside the caller. */
    public Uni<NewApiKey> createApiKey(SqlClient db, UUID organizationId, UUID providerId, String name, List<String> permissions) {
        String token = ApiTokens.generate();
        UUID id = UUID.randomUUID();
        String hint = ApiTokens.hint(token);
        return db.preparedQuery("""
                        insert into api_keys (id, organization_id, scim_provider_id, name, permissions, token_hash, hint)
                        values ($1, $2, $3, $4, $5, decode($6, 'hex'), $7)
                        returning created_at""")
                .execute(Tuple.tuple().addUUID(id).addUUID(organizationId).addUUID(providerId).addString(name)
                        .addArrayOfString(permissions.toArray(String[]::new)).addString(ApiTokens.hash(token)).addString(hint))
                .map(rows -> new NewApiKey(id, token, hint, rows.iterator().next().getOffsetDateTime(0)));
    }
}
