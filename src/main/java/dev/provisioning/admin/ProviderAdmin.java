package dev.provisioning.admin;

import dev.provisioning.organization.OrganizationSetup;
import dev.provisioning.security.ApiKeyAuthenticator;
import dev.provisioning.user.UserDocument;
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
    private static final String COLUMNS = "p.id, p.name, p.is_default, p.default_team_id, p.created_at, "
            + "array(select t.id from teams t where t.scim_provider_id = p.id order by t.created_at, t.id) as team_ids";

    private final Pool pool;
    private final OrganizationSetup setup;
    private final ApiKeyAuthenticator authenticator;

    public ProviderAdmin(Pool pool, OrganizationSetup setup, ApiKeyAuthenticator authenticator) {
        this.pool = pool;
        this.setup = setup;
        this.authenticator = authenticator;
    }

    public Uni<List<AdminViews.ScimProvider>> list(UUID organizationId, String publicBase) {
        return OrganizationAdmin.find(pool, organizationId, false)
                .flatMap(org -> pool.preparedQuery("select " + COLUMNS + " from scim_providers p where p.organization_id = $1 "
                        + "order by p.is_default desc, p.created_at, p.id").execute(Tuple.of(organizationId)))
                .map(rows -> {
                    List<AdminViews.ScimProvider> list = new ArrayList<>();
                    rows.forEach(row -> list.add(provider(row, publicBase)));
                    return list;
                });
    }

    public Uni<AdminViews.ScimProvider> get(UUID organizationId, UUID providerId, String publicBase) {
        return OrganizationAdmin.find(pool, organizationId, false)
                .flatMap(org -> find(pool, organizationId, providerId, false, publicBase));
    }

    /** A further provider: only with SCIM and multi-SCIM on, which vendor staff switch (product.md §3.6). */
    public Uni<AdminViews.ScimProvider> create(UUID organizationId, String name, String publicBase) {
        UUID id = UUID.randomUUID();
        return pool.withTransaction(db -> OrganizationAdmin.find(db, organizationId, true).flatMap(org -> {
            if (!org.scimEnabled()) {
                throw AdminException.conflict("SCIM is not enabled for this organization; it must be enabled by vendor staff (your CSM)"
                        + " before SCIM providers can be added");
            }
            if (!org.multiScimEnabled()) {
                throw AdminException.conflict("This organization already has its default SCIM provider; to connect another one,"
                        + " multi-SCIM must be enabled by vendor staff (your CSM)");
            }
            return db.preparedQuery("insert into scim_providers (id, organization_id, name, is_default) values ($1, $2, $3, false)")
                    .execute(Tuple.of(id, organizationId, name))
                    .flatMap(done -> find(db, organizationId, id, false, publicBase));
        }));
    }

    /**
     * Renames, and sets or clears ({@code null}) the default team new users join. That team must
     * be this provider's or unmanaged: a user created by one provider in another provider's team
     * would be the very conflict §3.6 forbids.
     */
    public Uni<AdminViews.ScimProvider> update(UUID organizationId, UUID providerId, String name, boolean setDefaultTeam,
            UUID defaultTeamId, String publicBase) {
        return pool.withTransaction(db -> find(db, organizationId, providerId, true, publicBase).flatMap(current -> {
            Uni<Void> team = Uni.createFrom().voidItem();
            if (setDefaultTeam && defaultTeamId != null) {
                team = db.preparedQuery("select t.scim_provider_id, t.name from teams t where t.id = $1 and t.organization_id = $2")
                        .execute(Tuple.of(defaultTeamId, organizationId))
                        .map(rows -> {
                            if (rows.size() == 0) {
                                throw AdminException.badRequest("defaultTeamId", "Team " + defaultTeamId + " does not exist in this organization");
                            }
                            UUID manager = rows.iterator().next().getUUID(0);
                            if (manager != null && !manager.equals(providerId)) {
                                throw AdminException.conflict("Team '" + rows.iterator().next().getString(1) + "' is managed by another SCIM"
                                        + " provider (" + manager + "); a provider's default team must be one of its own teams or an unmanaged team");
                            }
                            return null;
                        }).replaceWithVoid();
            }
            return team.flatMap(ok -> db.preparedQuery("""
                            update scim_providers set name = coalesce($3, name),
                                   default_team_id = case when $4 then $5 else default_team_id end
                            where id = $1 and organization_id = $2""")
                            .execute(Tuple.of(providerId, organizationId, name, setDefaultTeam, defaultTeamId)))
                    .flatMap(done -> find(db, organizationId, providerId, false, publicBase));
        }));
    }

    /**
     * Deletes a provider (product.md §3.6): its keys go (they stop working at once), its users are
     * unlinked with their {@code active} kept and their SCIM view reset to the product user's, its
     * teams become unmanaged. Set-based, so a provider with many users is not loaded into memory.
     * Provider rows are removed rather than flagged: nothing can act as a deleted provider, and
     * its provisioning events (which carry its id) stay.
     */
    public Uni<Void> delete(UUID organizationId, UUID providerId) {
        return pool.withTransaction(db -> OrganizationAdmin.find(db, organizationId, true)
                        .flatMap(org -> find(db, organizationId, providerId, true, "").map(provider -> {
                            if (provider.isDefault() && org.scimEnabled()) {
                                throw AdminException.conflict("The default SCIM provider cannot be deleted while SCIM is enabled;"
                                        + " vendor staff (your CSM) must disable SCIM first");
                            }
                            return provider;
                        }))
                        .flatMap(provider -> exec(db, "delete from api_keys where scim_provider_id = $1 and organization_id = $2",
                                providerId, organizationId))
                        .flatMap(done -> exec(db, "update users set scim_provider_id = null, scim = " + UserDocument.FOR_PRODUCT_USER_SQL
                                + ", user_name = email, external_id = null, last_modified = now(), version = version + 1"
                                + " where scim_provider_id = $1 and organization_id = $2", providerId, organizationId))
                        .flatMap(done -> exec(db, "update teams set scim_provider_id = null, last_modified = now(), version = version + 1"
                                + " where scim_provider_id = $1 and organization_id = $2", providerId, organizationId))
                        .flatMap(done -> exec(db, "delete from scim_providers where id = $1 and organization_id = $2",
                                providerId, organizationId)))
                .invoke(done -> authenticator.evictOrganization(organizationId))
                .replaceWithVoid();
    }

    /** A provider key; at most {@value #MAX_LIVE_KEYS} live ones, so that a key is rotated by adding one and revoking the old. */
    public Uni<AdminViews.NewApiKey> createKey(UUID organizationId, UUID providerId, String name) {
        String keyName = name == null ? "SCIM provider key" : name;
        return pool.withTransaction(db -> find(db, organizationId, providerId, true, "")
                .flatMap(provider -> db.preparedQuery("select count(*) from api_keys where scim_provider_id = $1 and revoked_at is null")
                        .execute(Tuple.of(providerId)))
                .flatMap(rows -> {
                    if (rows.iterator().next().getLong(0) >= MAX_LIVE_KEYS) {
                        throw AdminException.conflict("This SCIM provider already has " + MAX_LIVE_KEYS + " active API keys; revoke one of"
                                + " them first (two keys exist so that a key can be rotated without downtime)");
                    }
                    return setup.createApiKey(db, organizationId, providerId, keyName, List.of());
                })
                .map(key -> new AdminViews.NewApiKey(key.id(), keyName, providerId, List.of(), key.token(), key.hint(),
                        key.createdAt())));
    }

    /** A provider's keys, revoked ones included (not in the §5 table; an administrator needs it to rotate keys). */
    public Uni<List<AdminViews.ApiKey>> listKeys(UUID organizationId, UUID providerId) {
        return authenticator.flushLastUsed().onFailure().recoverWithNull()
                .flatMap(flushed -> find(pool, organizationId, providerId, false, ""))
                .flatMap(provider -> pool.preparedQuery("select id, name, permissions, hint, created_at, last_used_at, revoked_at"
                                + " from api_keys where scim_provider_id = $1 and organization_id = $2 order by created_at, id")
                        .execute(Tuple.of(providerId, organizationId)))
                .map(OrganizationAdmin::keys);
    }

    public Uni<Void> revokeKey(UUID organizationId, UUID providerId, UUID keyId) {
        return find(pool, organizationId, providerId, false, "")
                .flatMap(provider -> pool.preparedQuery("update api_keys set revoked_at = coalesce(revoked_at, now())"
                                + " where id = $1 and organization_id = $2 and scim_provider_id = $3")
                        .execute(Tuple.of(keyId, organizationId, providerId)))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw AdminException.notFound("API key " + keyId + " not found for this SCIM provider");
                    }
                    return null;
                })
                .invoke(done -> authenticator.evictKey(keyId))
                .replaceWithVoid();
    }

    /** Newest first, keyed on the event id: {@code next} is the {@code before} of the following page, null on the last. */
    public Uni<AdminViews.EventPage> events(UUID organizationId, UUID providerId, int limit, Long before) {
        return events(organizationId, providerId, limit, before, null, null);
    }

    /** As {@link #events(UUID, UUID, int, Long)}, only events with this outcome and operation when given (the console's filters). */
    public Uni<AdminViews.EventPage> events(UUID organizationId, UUID providerId, int limit, Long before, String outcome, String operation) {
        String sql = "select id, created_at, operation, resource_type, resource_id, outcome, status, attributes, detail, api_key_id"
                + " from provisioning_events where scim_provider_id = $1 and organization_id = $2"
                + " and ($5::text is null or outcome = $5) and ($6::text is null or operation = $6)"
                + " and ($4::bigint is null or id < $4) order by id desc limit $3";
        Tuple binds = Tuple.of(providerId, organizationId, limit + 1, before).addString(outcome).addString(operation);
        return find(pool, organizationId, providerId, false, "")
                .flatMap(provider -> pool.preparedQuery(sql).execute(binds))
                .map(rows -> {
                    List<AdminViews.Event> items = new ArrayList<>();
                    for (Row row : rows) {
                        String[] attributes = row.getArrayOfStrings("attributes");
                        items.add(new AdminViews.Event(row.getLong("id"), row.getOffsetDateTime("created_at"), row.getString("operation"),
                                row.getString("resource_type"), row.getUUID("resource_id"), row.getString("outcome"),
                                row.getInteger("status"), attributes == null ? List.of() : Arrays.asList(attributes),
                                row.getString("detail"), row.getUUID("api_key_id")));
                    }
                    Long next = null;
                    if (items.size() > limit) {
                        items = new ArrayList<>(items.subList(0, limit));
                        next = items.get(limit - 1).id();
                    }
                    return new AdminViews.EventPage(items, next);
                });
    }

    static Uni<AdminViews.ScimProvider> find(SqlClient db, UUID organizationId, UUID providerId, boolean forUpdate, String publicBase) {
        return db.preparedQuery("select " + COLUMNS + " from scim_providers p where p.id = $1 and p.organization_id = $2"
                        + (forUpdate ? " for update of p" : ""))
                .execute(Tuple.of(providerId, organizationId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw AdminException.notFound("SCIM provider " + providerId + " not found in this organization");
                    }
                    return provider(rows.iterator().next(), publicBase);
                });
    }

    private static Uni<Void> exec(SqlClient db, String sql, Object... values) {
        return db.preparedQuery(sql).execute(Tuple.from(Arrays.asList(values))).replaceWithVoid();
    }

    static AdminViews.ScimProvider provider(Row row, String publicBase) {
        UUID[] teams = row.getArrayOfUUIDs("team_ids");
        UUID id = row.getUUID("id");
        return new AdminViews.ScimProvider(id, row.getString("name"), row.getBoolean("is_default"),
                publicBase + "/scim/v2/providers/" + id, row.getUUID("default_team_id"),
                teams == null ? List.of() : Arrays.asList(teams), row.getOffsetDateTime("created_at"));
    }
}
