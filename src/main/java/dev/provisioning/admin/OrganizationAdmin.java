package dev.provisioning.admin;

import dev.provisioning.organization.OrganizationSetup;
import dev.provisioning.security.ApiKeyAuthenticator;
import dev.provisioning.web.AdminException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
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
    private static final String ORG_COLUMNS = "id, name, scim_enabled, multi_scim_enabled, created_at";
    private static final String KEY_COLUMNS = "id, name, permissions, hint, created_at, last_used_at, revoked_at";

    private final Pool pool;
    private final OrganizationSetup setup;
    private final ApiKeyAuthenticator authenticator;

    public OrganizationAdmin(Pool pool, OrganizationSetup setup, ApiKeyAuthenticator authenticator) {
        this.pool = pool;
        this.setup = setup;
        this.authenticator = authenticator;
    }

    public Uni<AdminViews.Organization> create(String name, boolean scimEnabled, boolean multiScimEnabled) {
        return pool.withTransaction(db -> setup.createOrganization(db, name, scimEnabled, multiScimEnabled)
                .flatMap(created -> find(db, created.organizationId(), false)));
    }

    /** Every organization, or only {@code onlyId} when given (an org-admin sees just its own). */
    public Uni<List<AdminViews.Organization>> list(UUID onlyId) {
        Uni<io.vertx.mutiny.sqlclient.RowSet<Row>> rows = onlyId == null
                ? pool.query("select " + ORG_COLUMNS + " from organizations order by created_at, id").execute()
                : pool.preparedQuery("select " + ORG_COLUMNS + " from organizations where id = $1").execute(Tuple.of(onlyId));
        return rows.map(set -> {
            List<AdminViews.Organization> list = new ArrayList<>();
            set.forEach(row -> list.add(organization(row)));
            return list;
        });
    }

    public Uni<AdminViews.Organization> get(UUID id) {
        return find(pool, id, false);
    }

    /**
     * Renames and switches flags. Enabling SCIM creates the default provider (product.md §3.6);
     * switching multi-SCIM off is refused while non-default providers exist, since their users and
     * teams would silently fall to the default provider.
     */
    public Uni<AdminViews.Organization> update(UUID id, String name, Boolean scimEnabled, Boolean multiScimEnabled) {
        return pool.withTransaction(db -> find(db, id, true).flatMap(current -> {
                    Uni<Void> check = Uni.createFrom().voidItem();
                    if (Boolean.FALSE.equals(multiScimEnabled) && current.multiScimEnabled()) {
                        check = db.preparedQuery("select id, name from scim_providers where organization_id = $1 and not is_default "
                                        + "order by created_at, id")
                                .execute(Tuple.of(id))
                                .map(rows -> {
                                    if (rows.size() > 0) {
                                        List<AdminViews.ProviderRef> providers = new ArrayList<>();
                                        rows.forEach(row -> providers.add(new AdminViews.ProviderRef(row.getUUID(0), row.getString(1))));
                                        throw AdminException.conflict("Multi-SCIM cannot be switched off while the organization has "
                                                + providers.size() + " SCIM provider(s) besides the default one; delete them first",
                                                Map.of("providers", providers));
                                    }
                                    return null;
                                }).replaceWithVoid();
                    }
                    return check.flatMap(ok -> db.preparedQuery("""
                                    update organizations set name = coalesce($2, name), scim_enabled = coalesce($3, scim_enabled),
                                           multi_scim_enabled = coalesce($4, multi_scim_enabled)
                                    where id = $1 returning scim_enabled""")
                            .execute(Tuple.of(id, name, scimEnabled, multiScimEnabled)))
                            .flatMap(rows -> rows.iterator().next().getBoolean(0)
                                    ? setup.ensureDefaultProvider(db, id).replaceWithVoid()
                                    : Uni.createFrom().voidItem())
                            .flatMap(done -> find(db, id, false));
                }))
                .invoke(updated -> authenticator.evictOrganization(id));
    }

    public Uni<AdminViews.NewApiKey> createKey(UUID organizationId, String name, List<String> permissions) {
        return pool.withTransaction(db -> find(db, organizationId, true)
                .flatMap(org -> setup.createApiKey(db, organizationId, null, name, permissions))
                .map(key -> new AdminViews.NewApiKey(key.id(), name, null, permissions, key.token(), key.hint(), key.createdAt())));
    }

    /** Organization keys, revoked ones included; {@code lastUsedAt} flushed first so that it is current. */
    public Uni<List<AdminViews.ApiKey>> listKeys(UUID organizationId) {
        return authenticator.flushLastUsed().onFailure().recoverWithNull()
                .flatMap(flushed -> find(pool, organizationId, false))
                .flatMap(org -> pool.preparedQuery("select " + KEY_COLUMNS + " from api_keys where organization_id = $1 "
                                + "and scim_provider_id is null order by created_at, id")
                        .execute(Tuple.of(organizationId)))
                .map(OrganizationAdmin::keys);
    }

    /** Revokes an organization key (idempotent) and forgets it on this replica at once. */
    public Uni<Void> revokeKey(UUID organizationId, UUID keyId) {
        return find(pool, organizationId, false)
                .flatMap(org -> pool.preparedQuery("update api_keys set revoked_at = coalesce(revoked_at, now()) "
                                + "where id = $1 and organization_id = $2 and scim_provider_id is null")
                        .execute(Tuple.of(keyId, organizationId)))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw AdminException.notFound("API key " + keyId + " not found in this organization");
                    }
                    return null;
                })
                .invoke(done -> authenticator.evictKey(keyId))
                .replaceWithVoid();
    }

    static Uni<AdminViews.Organization> find(SqlClient db, UUID id, boolean forUpdate) {
        return db.preparedQuery("select " + ORG_COLUMNS + " from organizations where id = $1" + (forUpdate ? " for update" : ""))
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw AdminException.notFound("Organization " + id + " not found");
                    }
                    return organization(rows.iterator().next());
                });
    }

    static AdminViews.Organization organization(Row row) {
        return new AdminViews.Organization(row.getUUID("id"), row.getString("name"), row.getBoolean("scim_enabled"),
                row.getBoolean("multi_scim_enabled"), row.getOffsetDateTime("created_at"));
    }

    static List<AdminViews.ApiKey> keys(Iterable<Row> rows) {
        List<AdminViews.ApiKey> list = new ArrayList<>();
        for (Row row : rows) {
            String[] permissions = row.getArrayOfStrings("permissions");
            list.add(new AdminViews.ApiKey(row.getUUID("id"), row.getString("name"),
                    permissions == null ? List.of() : Arrays.asList(permissions), row.getString("hint"),
                    row.getOffsetDateTime("created_at"), row.getOffsetDateTime("last_used_at"), row.getOffsetDateTime("revoked_at")));
        }
        return list;
    }
}
