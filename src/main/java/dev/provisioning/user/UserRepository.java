package dev.provisioning.user;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.scim.filter.SqlFragment;
import dev.provisioning.security.ScimCaller;
import dev.provisioning.sql.ScopedQuery;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL for users. Every query is bound to the caller's organization and, for reads, to the scope
 * of the caller's provider (product.md §3.2): {@code $1} is always the organization and {@code $2}
 * the provider. Callers pass the connection so that a service can run several statements in one
 * transaction.
 */
@ApplicationScoped
public class UserRepository {
    static final String COLUMNS = "u.id, u.organization_id, u.email, u.display_name, u.role, u.active, u.scim_provider_id, "
            + "u.scim_deleted, u.scim::text as scim_text, u.user_name, u.external_id, u.created_at, u.last_modified, u.version";

    private final ObjectMapper mapper;

    /**
     * The read-only {@code groups} attribute in the same statement: the teams of the user that the
     * provider bound at {@code providerBind} manages, as {@code [[id, name], …]} JSON text. Saves the
     * separate read that rendering would otherwise make.
     */
    static String groupsColumn(String providerBind) {
        return "(select coalesce(json_agg(json_build_array(t.id::text, t.name) order by t.name, t.id), '[]'::json)::text"
                + " from team_members tm join teams t on t.id = tm.team_id where tm.user_id = u.id and t.scim_provider_id = "
                + providerBind + ") as groups_json";
    }

    public UserRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The users provider $2 sees: linked to it, or unlinked and claimable by it — every unlinked
     * user without multi-SCIM; with multi-SCIM only members of a team it manages and of no team
     * another provider manages. Users a SCIM DELETE unlinked are hidden from all.
     */
    public static String scope(boolean multiScim) {
        return "u.organization_id = $1 and not u.scim_deleted and (u.scim_provider_id = $2 or (u.scim_provider_id is null and "
                + claimable(multiScim) + "))";
    }

    static String claimable(boolean multiScim) {
        if (!multiScim) {
            return "true";
        }
        return "exists (select 1 from team_members tm join teams t on t.id = tm.team_id where tm.user_id = u.id and t.scim_provider_id = $2)"
                + " and not exists (select 1 from team_members tm join teams t on t.id = tm.team_id"
                + " where tm.user_id = u.id and t.scim_provider_id <> $2)";
    }

    public Uni<Optional<UserRow>> findVisible(SqlClient db, ScimCaller caller, UUID id, boolean forUpdate) {
        String sql = "select " + COLUMNS + ", true as claimable" + (forUpdate ? "" : ", " + groupsColumn("$2"))
                + " from users u where u.id = $3 and " + scope(caller.multiScim())
                + (forUpdate ? " for no key update of u" : "");
        return db.preparedQuery(sql).execute(Tuple.of(caller.organizationId(), caller.providerId(), id))
                .map(rows -> first(rows));
    }

    /** The organization's user with this email (ignoring case and blanks), locked, with whether the caller may claim it. */
    public Uni<Optional<UserRow>> findByEmailForClaim(SqlClient db, ScimCaller caller, String email) {
        String sql = "select " + COLUMNS + ", (u.scim_provider_id is null and " + claimable(caller.multiScim()) + ") as claimable"
                + " from users u where u.organization_id = $1 and $2::uuid is not null and lower(btrim(u.email)) = lower(btrim($3)) for no key update of u";
        return db.preparedQuery(sql).execute(Tuple.of(caller.organizationId(), caller.providerId(), email))
                .map(rows -> first(rows));
    }

    public Uni<UserRow> insert(SqlClient db, UUID organizationId, UUID providerId, String role, ObjectNode doc) {
        String email = UserDocument.matchingEmail(doc);
        Tuple values = Tuple.tuple()
                .addUUID(UUID.randomUUID())
                .addUUID(organizationId)
                .addString(email)
                .addString(UserDocument.displayName(doc))
                .addString(role)
                .addBoolean(UserDocument.active(doc, true))
                .addUUID(providerId)
                .addString(json(doc))
                .addString(UserDocument.userName(doc))
                .addString(UserDocument.externalId(doc));
        return db.preparedQuery("""
                        insert into users (id, organization_id, email, display_name, role, active, scim_provider_id, scim,
                                           user_name, external_id)
                        values ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9, $10)
                        returning """ + " " + COLUMNS.replace("u.", "") + ", true as claimable")
                .execute(values)
                .map(rows -> toRow(rows.iterator().next()));
    }

    /**
     * Writes the document and the columns derived from it, links the user to {@code providerId}
     * (null unlinks), and bumps the version.
     */
    public Uni<UserRow> write(SqlClient db, UserRow row, ObjectNode doc, UUID providerId, boolean scimDeleted) {
        boolean active = UserDocument.active(doc, row.active());
        Tuple values = Tuple.tuple()
                .addUUID(row.id())
                .addUUID(row.organizationId())
                .addString(UserDocument.matchingEmail(doc))
                .addString(UserDocument.displayName(doc))
                .addBoolean(active)
                .addUUID(providerId)
                .addBoolean(scimDeleted)
                .addString(json(doc))
                .addString(UserDocument.userName(doc))
                .addString(UserDocument.externalId(doc));
        return db.preparedQuery("""
                        update users u set email = $3, display_name = $4, active = $5, scim_provider_id = $6, scim_deleted = $7,
                               scim = $8::text::jsonb, user_name = $9, external_id = $10, last_modified = now(), version = version + 1
                        where u.id = $1 and u.organization_id = $2
                        returning """ + " " + COLUMNS + ", true as claimable, " + groupsColumn("$6"))
                .execute(values)
                .map(rows -> toRow(rows.iterator().next()));
    }

    /** Links the user to the provider without touching its document (a no-op write that still claims it). */
    public Uni<UserRow> link(SqlClient db, UserRow row, UUID providerId) {
        return db.preparedQuery("update users u set scim_provider_id = $3, scim_deleted = false, last_modified = now(), "
                        + "version = version + 1 where u.id = $1 and u.organization_id = $2 returning " + COLUMNS + ", true as claimable, "
                        + groupsColumn("$3"))
                .execute(Tuple.of(row.id(), row.organizationId(), providerId))
                .map(rows -> toRow(rows.iterator().next()));
    }

    /**
     * Adds the user to the provider's default team, when it has one (product.md §3.3), and answers
     * the user's teams afterwards (a new user's only team is that one).
     */
    public Uni<List<TeamRef>> joinDefaultTeam(SqlClient db, UUID providerId, UUID userId) {
        return db.preparedQuery("""
                        insert into team_members (team_id, user_id)
                        select p.default_team_id, $2 from scim_providers p where p.id = $1 and p.default_team_id is not null
                        on conflict do nothing
                        returning team_id, (select t.name from teams t where t.id = team_id)""")
                .execute(Tuple.of(providerId, userId))
                .map(rows -> {
                    List<TeamRef> teams = new ArrayList<>();
                    for (Row row : rows) {
                        teams.add(new TeamRef(row.getUUID(0), row.getString(1)));
                    }
                    return teams;
                });
    }

    /** One page of the caller's users matching {@code filter} (its binds numbered from $3). */
    public Uni<List<UserRow>> search(SqlClient db, ScimCaller caller, SqlFragment filter, String orderBy,
            SqlFragment keyset, int offset, int limit, boolean withGroups) {
        String select = "select " + COLUMNS + ", true as claimable" + (withGroups ? ", " + groupsColumn("$2") : "") + " from users u";
        return ScopedQuery.page(db, caller, select, scope(caller.multiScim()), filter, keyset, orderBy, offset, limit, this::toRow);
    }

    public Uni<Long> count(SqlClient db, ScimCaller caller, SqlFragment filter) {
        return ScopedQuery.count(db, caller, "users u", scope(caller.multiScim()), filter);
    }

    /** The teams of these users that the caller's provider manages: the read-only {@code groups} attribute. */
    public Uni<Map<UUID, List<TeamRef>>> groupsOf(SqlClient db, ScimCaller caller, List<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return db.preparedQuery("""
                        select tm.user_id, t.id, t.name from team_members tm join teams t on t.id = tm.team_id
                        where tm.user_id = any($1) and t.organization_id = $2 and t.scim_provider_id = $3
                        order by t.name, t.id""")
                .execute(Tuple.of(userIds.toArray(UUID[]::new), caller.organizationId(), caller.providerId()))
                .map(rows -> {
                    Map<UUID, List<TeamRef>> groups = new HashMap<>();
                    for (Row row : rows) {
                        groups.computeIfAbsent(row.getUUID(0), id -> new ArrayList<>())
                                .add(new TeamRef(row.getUUID(1), row.getString(2)));
                    }
                    return groups;
                });
    }

    /** Display names of the organization's users with these ids (to render {@code manager.displayName}). */
    public Uni<Map<String, String>> displayNames(SqlClient db, UUID organizationId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return db.preparedQuery("select id, coalesce(display_name, scim->>'displayName') from users where organization_id = $1 and id = any($2)")
                .execute(Tuple.of(organizationId, ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<String, String> names = new HashMap<>();
                    for (Row row : rows) {
                        if (row.getString(1) != null) {
                            names.put(row.getUUID(0).toString(), row.getString(1));
                        }
                    }
                    return names;
                });
    }

    public record TeamRef(UUID id, String name) {
    }

    private Optional<UserRow> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(toRow(rows.iterator().next()));
    }

    UserRow toRow(Row row) {
        return new UserRow(
                row.getUUID("id"),
                row.getUUID("organization_id"),
                row.getString("email"),
                row.getString("display_name"),
                row.getString("role"),
                row.getBoolean("active"),
                row.getUUID("scim_provider_id"),
                row.getBoolean("scim_deleted"),
                parse(row.getString("scim_text")),
                row.getString("user_name"),
                row.getString("external_id"),
                row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("last_modified"),
                row.getLong("version"),
                row.getBoolean("claimable"),
                row.getColumnIndex("groups_json") < 0 ? null : teams(row.getString("groups_json")));
    }

    private List<TeamRef> teams(String json) {
        List<TeamRef> teams = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode pair : parse(json, com.fasterxml.jackson.databind.JsonNode.class)) {
            teams.add(new TeamRef(UUID.fromString(pair.get(0).asText()), pair.get(1).asText()));
        }
        return teams;
    }

    private <T extends com.fasterxml.jackson.databind.JsonNode> T parse(String text, Class<T> type) {
        try {
            return type.cast(mapper.readTree(text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is not JSON", e);
        }
    }

    private ObjectNode parse(String text) {
        try {
            return (ObjectNode) mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored SCIM document is not JSON", e);
        }
    }

    String json(ObjectNode doc) {
        try {
            return mapper.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
