package dev.provisioning.support;

import static dev.provisioning.support.AdminApi.admin;
import static dev.provisioning.support.AdminApi.platformAdmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds organizations, providers, keys, teams and product users, and reads stored state back.
 * Organizations and keys are made through the admin API, as a customer would; the rest is
 * written straight into the database ({@link TestDatabase}). Neither needs the service's beans,
 * so the same tests run in-process ({@code @QuarkusTest}) and against the packaged jar or native
 * executable ({@code @QuarkusIntegrationTest}).
 */
public final class TestData {
    // A guard against a hang, not a timing assertion: bulk set-up (100 000 rows) on a loaded two-core CI machine takes tens of seconds.
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Pool pool;

    public TestData() {
        this.pool = TestDatabase.pool();
    }

    /** One organization with SCIM on, its default provider and an organization key with manage_users. */
    public record Tenant(UUID organizationId, UUID providerId, UUID keyId, String token) {
    }

    /** An API key as created: the token exists only here. */
    public record Key(UUID id, String token) {
    }

    public Tenant tenant(String name, boolean multiScim) {
        String org = admin(platformAdmin())
                .body(MAPPER.createObjectNode().put("name", name).put("scimEnabled", true).put("multiScimEnabled", multiScim).toString())
                .post("/admin/organizations").then().statusCode(201).extract().path("id");
        UUID organizationId = UUID.fromString(org);
        String provider = admin(platformAdmin()).get("/admin/organizations/" + org + "/scim-providers")
                .then().statusCode(200).extract().path("find { it.default }.id");
        Key key = orgKey(organizationId, "test key", List.of("manage_users"));
        return new Tenant(organizationId, UUID.fromString(provider), key.id(), key.token());
    }

    public Key orgKey(UUID organizationId, List<String> permissions) {
        return orgKey(organizationId, "key", permissions);
    }

    private Key orgKey(UUID organizationId, String name, List<String> permissions) {
        var body = MAPPER.createObjectNode().put("name", name);
        permissions.forEach(body.putArray("permissions")::add);
        return key(admin(platformAdmin()).body(body.toString()).post("/admin/organizations/" + organizationId + "/api-keys"));
    }

    public Key providerKey(UUID organizationId, UUID providerId) {
        return key(admin(platformAdmin()).body("{\"name\":\"provider key\"}")
                .post("/admin/organizations/" + organizationId + "/scim-providers/" + providerId + "/api-keys"));
    }

    /** An OAuth client of the provider, created through the admin API; its id (the secret is not needed here). */
    public UUID oauthClient(UUID organizationId, UUID providerId) {
        String id = admin(platformAdmin()).body("{\"name\":\"OAuth client\"}")
                .post("/admin/organizations/" + organizationId + "/scim-providers/" + providerId + "/oauth-clients")
                .then().statusCode(201).extract().path("clientId");
        return UUID.fromString(id);
    }

    private static Key key(io.restassured.response.Response created) {
        var body = created.then().statusCode(201).extract();
        return new Key(UUID.fromString(body.path("id")), body.path("token"));
    }

    /** The pool the tests read and write through (e.g. to hold a lock while the service answers). */
    public Pool pool() {
        return pool;
    }

    /** Runs service code the way a request does: in a transaction of a Hibernate Reactive session on a Vert.x context. */
    public static <T> T inTransaction(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) {
        try {
            return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(
                    () -> io.quarkus.hibernate.reactive.panache.Panache.withTransaction(work).ifNoItem().after(WAIT).fail());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    public UUID provider(UUID organizationId, String name) {
        UUID id = UUID.randomUUID();
        exec("insert into scim_providers (id, organization_id, name, is_default) values ($1, $2, $3, false)", id, organizationId, name);
        return id;
    }

    public UUID team(UUID organizationId, String name, UUID providerId) {
        UUID id = UUID.randomUUID();
        exec("insert into teams (id, organization_id, name, scim_provider_id) values ($1, $2, $3, $4)", id, organizationId, name, providerId);
        return id;
    }

    public void member(UUID teamId, UUID userId) {
        exec("insert into team_members (team_id, user_id) values ($1, $2)", teamId, userId);
    }

    /** A product user created outside SCIM (unlinked), with the SCIM view product.md §3.1 gives it. */
    public UUID productUser(UUID organizationId, String email, String displayName, String role) {
        UUID id = UUID.randomUUID();
        String doc = "{\"userName\":" + quote(email) + ",\"displayName\":" + quote(displayName) + ",\"active\":true,"
                + "\"emails\":[{\"value\":" + quote(email) + ",\"type\":\"work\",\"primary\":true}]}";
        exec("insert into users (id, organization_id, email, display_name, role, scim, user_name) values ($1, $2, $3, $4, $5, $6::text::jsonb, $7)",
                id, organizationId, email, displayName, role, doc, email);
        return id;
    }

    public void exec(String sql, Object... values) {
        pool.preparedQuery(sql).execute(Tuple.from(java.util.Arrays.asList(values))).await().atMost(WAIT);
    }

    public RowSet<Row> query(String sql, Object... values) {
        return pool.preparedQuery(sql).execute(Tuple.from(java.util.Arrays.asList(values))).await().atMost(WAIT);
    }

    /** The stored row of a user, columns by name ({@code scim} parsed). */
    public Map<String, Object> user(UUID id) {
        RowSet<Row> rows = query("select email, role, active, scim_provider_id, scim_deleted, user_name, external_id, version, "
                + "scim::text as scim from users where id = $1", id);
        if (rows.size() == 0) {
            return null;
        }
        Row row = rows.iterator().next();
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < row.size(); i++) {
            values.put(row.getColumnName(i), row.getValue(i));
        }
        try {
            values.put("scim", MAPPER.readTree(row.getString("scim")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return values;
    }

    public JsonNode scimDocument(UUID id) {
        return (JsonNode) user(id).get("scim");
    }

    /** The stored row of a team, columns by name, or null. */
    public Map<String, Object> teamRow(UUID id) {
        RowSet<Row> rows = query("select name, scim_provider_id, external_id, version, last_modified from teams where id = $1", id);
        if (rows.size() == 0) {
            return null;
        }
        Row row = rows.iterator().next();
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < row.size(); i++) {
            values.put(row.getColumnName(i), row.getValue(i));
        }
        return values;
    }

    /** The user ids of a team's stored memberships. */
    public java.util.Set<UUID> members(UUID teamId) {
        java.util.Set<UUID> ids = new java.util.HashSet<>();
        for (Row row : query("select user_id from team_members where team_id = $1", teamId)) {
            ids.add(row.getUUID(0));
        }
        return ids;
    }

    /** {@code count} unlinked product users of the organization in one statement. */
    public void bulkProductUsers(UUID organizationId, String emailPrefix, int count) {
        exec("""
                insert into users (id, organization_id, email, display_name, scim, user_name)
                select gen_random_uuid(), $1, $2 || g || '@contoso.com', 'Bulk ' || g,
                       jsonb_build_object('userName', $2 || g || '@contoso.com'), $2 || g || '@contoso.com'
                from generate_series(1, $3) g""", organizationId, emailPrefix, count);
    }

    public long count(String sql, Object... values) {
        return query(sql, values).iterator().next().getLong(0);
    }

    private static String quote(String value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
