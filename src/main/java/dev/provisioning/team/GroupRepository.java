package dev.provisioning.team;

import dev.provisioning.scim.filter.SqlFragment;
import dev.provisioning.security.ScimCaller;
import dev.provisioning.sql.ScopedQuery;
import dev.provisioning.user.UserRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * SQL for groups (teams). The Groups a provider sees are the teams it manages (product.md §3.5), so
 * every query is bound to {@code t.organization_id = $1 and t.scim_provider_id = $2}; membership
 * statements reach {@code team_members} only through such a team.
 *
 * <p>Membership changes are set-based and cost O(k) for k ids, whatever the size of the team: the
 * other members are never read (a team may have 100 000 of them).
 */
@ApplicationScoped
public class GroupRepository {
    static final String COLUMNS = "t.id, t.organization_id, t.name, t.scim_provider_id, t.external_id, t.created_at, "
            + "t.last_modified, t.version";
    /** The teams the caller's provider manages. */
    static final String SCOPE = "t.organization_id = $1 and t.scim_provider_id = $2";

    /**
     * The team, if the caller's provider manages it. {@code forUpdate} locks it {@code for no key
     * update}: group writes serialise on it, while a concurrent {@code POST /Users} joining this team as
     * the default team (whose foreign-key check takes {@code key share}) is not held up by them.
     */
    public Uni<Optional<GroupRow>> findVisible(SqlClient db, ScimCaller caller, UUID id, boolean forUpdate) {
        String sql = "select " + COLUMNS + " from teams t where " + SCOPE + " and t.id = $3"
                + (forUpdate ? " for no key update of t" : "");
        return db.preparedQuery(sql).execute(Tuple.of(caller.organizationId(), caller.providerId(), id))
                .map(GroupRepository::first);
    }

    /** A new team managed by the caller's provider; a name it already sees fails on teams_provider_display_name. */
    public Uni<GroupRow> insert(SqlClient db, ScimCaller caller, String displayName, String externalId) {
        return db.preparedQuery("insert into teams (id, organization_id, name, scim_provider_id, external_id) "
                        + "values ($3, $1, $4, $2, $5) returning " + COLUMNS.replace("t.", ""))
                .execute(Tuple.tuple().addUUID(caller.organizationId()).addUUID(caller.providerId())
                        .addUUID(UUID.randomUUID()).addString(displayName).addString(externalId))
                .map(rows -> toRow(rows.iterator().next()));
    }

    /** Writes name and externalId and bumps the version (also used to record a membership-only change). */
    public Uni<GroupRow> write(SqlClient db, ScimCaller caller, UUID id, String displayName, String externalId) {
        return db.preparedQuery("update teams t set name = $4, external_id = $5, last_modified = now(), version = version + 1"
                        + " where " + SCOPE + " and t.id = $3 returning " + COLUMNS)
                .execute(Tuple.tuple().addUUID(caller.organizationId()).addUUID(caller.providerId()).addUUID(id)
                        .addString(displayName).addString(externalId))
                .map(rows -> toRow(rows.iterator().next()));
    }

    /**
     * SCIM DELETE: the team stops being managed by the provider; it, its externalId and its members
     * remain. It also stops being the provider's default team, so new users no longer join it.
     */
    public Uni<Void> unmanage(SqlClient db, ScimCaller caller, UUID id) {
        return db.preparedQuery("update teams t set scim_provider_id = null, last_modified = now(), version = version + 1"
                        + " where " + SCOPE + " and t.id = $3")
                .execute(Tuple.of(caller.organizationId(), caller.providerId(), id))
                .flatMap(done -> db.preparedQuery("update scim_providers set default_team_id = null"
                                + " where id = $1 and organization_id = $2 and default_team_id = $3")
                        .execute(Tuple.of(caller.providerId(), caller.organizationId(), id)))
                .replaceWithVoid();
    }

    /**
     * The ids among {@code ids} that are users in the caller's scope (product.md §3.2, the same rule
     * as /Users): one indexed query for the whole request.
     */
    public Uni<Set<UUID>> usersInScope(SqlClient db, ScimCaller caller, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return db.preparedQuery("select u.id from users u where u.id = any($3) and " + UserRepository.scope(caller.multiScim()))
                .execute(Tuple.of(caller.organizationId(), caller.providerId(), ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Set<UUID> found = new HashSet<>();
                    for (Row row : rows) {
                        found.add(row.getUUID(0));
                    }
                    return found;
                });
    }

    /** Adds these users; existing members are skipped. Returns how many memberships were created. */
    public Uni<Integer> addMembers(SqlClient db, ScimCaller caller, UUID teamId, List<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return db.preparedQuery("insert into team_members (team_id, user_id)"
                        + " select t.id, x.user_id from teams t cross join unnest($4::uuid[]) as x(user_id)"
                        + " where " + SCOPE + " and t.id = $3 on conflict do nothing")
                .execute(Tuple.of(caller.organizationId(), caller.providerId(), teamId, userIds.toArray(UUID[]::new)))
                .map(RowSet::rowCount);
    }

    /** Removes these users; non-members are skipped. Returns how many memberships were removed. */
    public Uni<Integer> removeMembers(SqlClient db, ScimCaller caller, UUID teamId, List<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return db.preparedQuery("delete from team_members m using teams t where m.team_id = t.id and " + SCOPE
                        + " and t.id = $3 and m.user_id = any($4)")
                .execute(Tuple.of(caller.organizationId(), caller.providerId(), teamId, userIds.toArray(UUID[]::new)))
                .map(RowSet::rowCount);
    }

    /**
     * Removes every member not in {@code keep} (all of them when it is empty). With
     * {@link #addMembers} this replaces the member set while keeping the memberships that stay, with
     * their original {@code created_at}, and counts only real changes.
     */
    public Uni<Integer> removeMembersExcept(SqlClient db, ScimCaller caller, UUID teamId, List<UUID> keep) {
        return db.preparedQuery("delete from team_members m using teams t where m.team_id = t.id and " + SCOPE
                        + " and t.id = $3 and not exists (select 1 from unnest($4::uuid[]) as k(user_id) where k.user_id = m.user_id)")
                .execute(Tuple.of(caller.organizationId(), caller.providerId(), teamId, keep.toArray(UUID[]::new)))
                .map(RowSet::rowCount);
    }

    /** The members of these teams, ordered by user id: only ids and display names are read. */
    public Uni<Map<UUID, List<GroupMember>>> membersOf(SqlClient db, ScimCaller caller, List<UUID> teamIds) {
        if (teamIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        // display comes from the SCIM document, as the members.display filter reads it
        return db.preparedQuery("select m.team_id, m.user_id, u.scim->>'displayName' as display_name from team_members m"
                        + " join teams t on t.id = m.team_id join users u on u.id = m.user_id"
                        + " where " + SCOPE + " and m.team_id = any($3) order by m.team_id, m.user_id")
                .execute(Tuple.of(caller.organizationId(), caller.providerId(), teamIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, List<GroupMember>> members = new HashMap<>();
                    int capacity = teamIds.size() == 1 ? rows.size() : 10;
                    for (Row row : rows) {
                        members.computeIfAbsent(row.getUUID(0), id -> new ArrayList<>(capacity))
                                .add(new GroupMember(row.getUUID(1), row.getString(2)));
                    }
                    return members;
                });
    }

    /** One page of the caller's groups matching {@code filter} (its binds numbered from $3). */
    public Uni<List<GroupRow>> search(SqlClient db, ScimCaller caller, SqlFragment filter, String orderBy,
            SqlFragment keyset, int offset, int limit) {
        return ScopedQuery.page(db, caller, "select " + COLUMNS + " from teams t", SCOPE, filter, keyset, orderBy, offset, limit,
                GroupRepository::toRow);
    }

    public Uni<Long> count(SqlClient db, ScimCaller caller, SqlFragment filter) {
        return ScopedQuery.count(db, caller, "teams t", SCOPE, filter);
    }

    private static Optional<GroupRow> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(toRow(rows.iterator().next()));
    }

    static GroupRow toRow(Row row) {
        return new GroupRow(
                row.getUUID("id"),
                row.getUUID("organization_id"),
                row.getString("name"),
                row.getUUID("scim_provider_id"),
                row.getString("external_id"),
                row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("last_modified"),
                row.getLong("version"));
    }
}
