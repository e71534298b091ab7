package dev.provisioning.admin;

import dev.provisioning.rules.Conflicts;
import dev.provisioning.web.AdminException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Teams, their managing provider and their members (product.md §3.2, §3.6). Which provider
 * manages a team decides which unlinked users each provider may claim, so an assignment that would
 * put a user linked to one provider under another is refused with the users that block it.
 */
@ApplicationScoped
public class TeamAdmin {
    static final int MAX_LISTED_CONFLICTS = 1000;

    private final Pool pool;

    public TeamAdmin(Pool pool) {
        this.pool = pool;
    }

    public Uni<AdminViews.Team> create(UUID organizationId, String name) {
        UUID id = UUID.randomUUID();
        return OrganizationAdmin.find(pool, organizationId, false)
                .flatMap(org -> pool.preparedQuery("insert into teams (id, organization_id, name) values ($1, $2, $3)")
                        .execute(Tuple.of(id, organizationId, name)))
                .map(done -> new AdminViews.Team(id, name, null));
    }

    public Uni<List<AdminViews.Team>> list(UUID organizationId) {
        return OrganizationAdmin.find(pool, organizationId, false)
                .flatMap(org -> pool.preparedQuery("select id, name, scim_provider_id from teams where organization_id = $1"
                        + " order by lower(name), id").execute(Tuple.of(organizationId)))
                .map(rows -> {
                    List<AdminViews.Team> teams = new ArrayList<>();
                    rows.forEach(row -> teams.add(team(row)));
                    return teams;
                });
    }

    /**
     * Sets ({@code providerId}) or clears ({@code null}) the provider managing a team. The team row
     * is locked, so two assignments of one team serialise. A provider whose default team moves to
     * another provider loses it as default team (its new users would otherwise land there).
     */
    public Uni<AdminViews.Team> assign(UUID organizationId, UUID teamId, UUID providerId) {
        return pool.withTransaction(db -> find(db, organizationId, teamId, true)
                        .call(team -> providerId == null ? Uni.createFrom().voidItem() : checkProvider(db, organizationId, providerId))
                        .call(team -> providerId == null ? Uni.createFrom().voidItem() : linkConflicts(db, organizationId, teamId, providerId)
                                .invoke(conflicts -> {
                                    if (!conflicts.isEmpty()) {
                                        throw AdminException.conflict(conflicts.size() + (conflicts.size() == 1 ? " member" : " members")
                                                + " of team '" + team.name() + "' " + (conflicts.size() == 1 ? "is" : "are")
                                                + " linked to another SCIM provider, so the team cannot be managed by this one."
                                                + " Remove them from the team, or have the other provider unassign them (a SCIM DELETE"
                                                + " unlinks them), then try again.", Map.of("conflicts", conflicts));
                                    }
                                }))
                        .call(team -> db.preparedQuery("update teams set scim_provider_id = $3, last_modified = now(), version = version + 1"
                                + " where id = $1 and organization_id = $2").execute(Tuple.of(teamId, organizationId, providerId)))
                        .call(team -> db.preparedQuery("update scim_providers set default_team_id = null where organization_id = $1"
                                + " and default_team_id = $2 and id is distinct from $3").execute(Tuple.of(organizationId, teamId, providerId)))
                        .map(team -> new AdminViews.Team(team.id(), team.name(), providerId)))
                .onFailure(Conflicts::isUniqueViolation).transform(failure -> AdminException.conflict(
                        "That SCIM provider already manages a team with the same name (names are unique per provider, ignoring case);"
                                + " rename one of the teams first"));
    }

    /** Adds a member; a user linked to one provider cannot join a team another provider manages (§3.6). */
    public Uni<Void> addMember(UUID organizationId, UUID teamId, UUID userId) {
        return pool.withTransaction(db -> find(db, organizationId, teamId, true)
                .flatMap(team -> db.preparedQuery("select id, email, scim_provider_id from users where id = $1 and organization_id = $2")
                        .execute(Tuple.of(userId, organizationId))
                        .map(rows -> {
                            if (rows.size() == 0) {
                                throw AdminException.notFound("User " + userId + " not found in this organization");
                            }
                            Row user = rows.iterator().next();
                            UUID linked = user.getUUID("scim_provider_id");
                            if (linked != null && team.scimProviderId() != null && !linked.equals(team.scimProviderId())) {
                                throw AdminException.conflict("User " + user.getString("email") + " is linked to another SCIM provider and"
                                        + " cannot join team '" + team.name() + "', which SCIM provider " + team.scimProviderId()
                                        + " manages", Map.of("conflicts", List.of(new AdminViews.LinkConflict(userId, user.getString("email"), linked))));
                            }
                            return team;
                        }))
                .flatMap(team -> db.preparedQuery("insert into team_members (team_id, user_id) values ($1, $2) on conflict do nothing")
                        .execute(Tuple.of(teamId, userId)))
                .replaceWithVoid());
    }

    /** Removes a member; removing a non-member is a no-op (204), so that retries are safe. */
    public Uni<Void> removeMember(UUID organizationId, UUID teamId, UUID userId) {
        return pool.withTransaction(db -> find(db, organizationId, teamId, false)
                .flatMap(team -> db.preparedQuery("select 1 from users where id = $1 and organization_id = $2")
                        .execute(Tuple.of(userId, organizationId)))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw AdminException.notFound("User " + userId + " not found in this organization");
                    }
                    return db.preparedQuery("delete from team_members where team_id = $1 and user_id = $2").execute(Tuple.of(teamId, userId));
                })
                .replaceWithVoid());
    }

    /**
     * Users who are members of teams managed by more than one provider: with multi-SCIM no provider
     * may claim them (§3.2) until an administrator moves a team or a membership.
     */
    public Uni<List<AdminViews.ScopeConflict>> conflicts(UUID organizationId) {
        return OrganizationAdmin.find(pool, organizationId, false)
                .flatMap(org -> pool.preparedQuery("""
                                select u.id, u.email, u.scim_provider_id, t.id as team_id, t.name as team_name, t.scim_provider_id as manager
                                from users u join team_members tm on tm.user_id = u.id join teams t on t.id = tm.team_id
                                where u.organization_id = $1 and t.scim_provider_id is not null and u.id in (
                                    select tm2.user_id from team_members tm2 join teams t2 on t2.id = tm2.team_id
                                    where t2.organization_id = $1 and t2.scim_provider_id is not null
                                    group by tm2.user_id having count(distinct t2.scim_provider_id) > 1)
                                order by lower(u.email), u.id, lower(t.name), t.id""")
                        .execute(Tuple.of(organizationId)))
                .map(rows -> {
                    Map<UUID, AdminViews.ScopeConflict> users = new LinkedHashMap<>();
                    for (Row row : rows) {
                        AdminViews.ScopeConflict user = users.computeIfAbsent(row.getUUID("id"), id -> new AdminViews.ScopeConflict(
                                id, row.getString("email"), row.getUUID("scim_provider_id"), new ArrayList<>()));
                        user.teams().add(new AdminViews.ManagedTeam(row.getUUID("team_id"), row.getString("team_name"), row.getUUID("manager")));
                    }
                    return new ArrayList<>(users.values());
                });
    }

    private static Uni<Void> checkProvider(SqlClient db, UUID organizationId, UUID providerId) {
        return db.preparedQuery("select 1 from scim_providers where id = $1 and organization_id = $2")
                .execute(Tuple.of(providerId, organizationId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw AdminException.badRequest("scimProviderId", "SCIM provider " + providerId + " does not exist in this organization");
                    }
                    return null;
                }).replaceWithVoid();
    }

    private static Uni<List<AdminViews.LinkConflict>> linkConflicts(SqlClient db, UUID organizationId, UUID teamId, UUID providerId) {
        return db.preparedQuery("""
                        select u.id, u.email, u.scim_provider_id from team_members tm join users u on u.id = tm.user_id
                        where tm.team_id = $1 and u.organization_id = $2 and u.scim_provider_id is not null and u.scim_provider_id <> $3
                        order by lower(u.email), u.id limit""" + " " + MAX_LISTED_CONFLICTS)
                .execute(Tuple.of(teamId, organizationId, providerId))
                .map(rows -> {
                    List<AdminViews.LinkConflict> conflicts = new ArrayList<>();
                    rows.forEach(row -> conflicts.add(new AdminViews.LinkConflict(row.getUUID(0), row.getString(1), row.getUUID(2))));
                    return conflicts;
                });
    }

    static Uni<AdminViews.Team> find(SqlClient db, UUID organizationId, UUID teamId, boolean forUpdate) {
        return db.preparedQuery("select id, name, scim_provider_id from teams where id = $1 and organization_id = $2"
                        + (forUpdate ? " for update" : ""))
                .execute(Tuple.of(teamId, organizationId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw AdminException.notFound("Team " + teamId + " not found in this organization");
                    }
                    return team(rows.iterator().next());
                });
    }

    static AdminViews.Team team(Row row) {
        return new AdminViews.Team(row.getUUID("id"), row.getString("name"), row.getUUID("scim_provider_id"));
    }
}
