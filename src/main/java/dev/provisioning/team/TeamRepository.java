package dev.provisioning.team;

import dev.provisioning.event.ProvisioningEventEntity;
import dev.provisioning.event.ProvisioningEventRepository;
import dev.provisioning.persistence.Timestamps;
import dev.provisioning.persistence.NativeSql;
import dev.provisioning.persistence.ScopedQuery;
import dev.provisioning.scim.filter.SqlFragment;
import dev.provisioning.provider.ScimCaller;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code teams} table and its membership table {@code team_members}.
 *
 * <p>SCIM side: the Groups a provider sees are the teams it manages (product.md §3.5), so every
 * such statement is bound to {@code t.organization_id = $1 and t.scim_provider_id = $2}; membership
 * statements reach {@code team_members} only through such a team. Membership changes are set-based
 * and cost O(k) for k ids, whatever the size of the team: the other members are never read (a team
 * may have 100 000 of them), which is why members are never an entity collection.
 *
 * <p>Admin side: every statement names the organization.
 */
@ApplicationScoped
public class TeamRepository implements PanacheRepositoryBase<TeamEntity, UUID> {
    static final String COLUMNS = "t.id, t.organization_id, t.name, t.scim_provider_id, t.external_id, t.created_at, "
            + "t.last_modified, t.version";
    /** The teams the caller's provider manages. */
    static final String SCOPE = "t.organization_id = $1 and t.scim_provider_id = $2";

    /**
     * The team, if the caller's provider manages it. {@code forUpdate} locks it {@code for no key
     * update}: group writes serialise on it, while a concurrent {@code POST /Users} joining this team as
     * the default team (whose foreign-key check takes {@code key share}) is not held up by them.
     */
    public Uni<Optional<GroupRow>> findVisible(ScimCaller caller, UUID id, boolean forUpdate) {
        String sql = "select " + COLUMNS + " from teams t where " + SCOPE + " and t.id = $3"
                + (forUpdate ? " for no key update of t" : "");
        return NativeSql.row(sql, List.of(caller.organizationId(), caller.providerId(), id))
                .map(row -> Optional.ofNullable(row == null ? null : toRow(row)));
    }

    /** A new team managed by the caller's provider; a name it already sees fails on teams_provider_display_name. */
    public Uni<GroupRow> insert(ScimCaller caller, String displayName, String externalId) {
        TeamEntity team = newTeam(caller.organizationId(), displayName);
        team.scimProviderId = caller.providerId();
        team.externalId = externalId;
        return persist(team).call(this::flush).map(TeamRepository::toRow);
    }

    /**
     * Writes name and externalId and bumps the version (also used to record a membership-only change),
     * appending {@code event} in the same statement.
     */
    public Uni<GroupRow> write(ScimCaller caller, UUID id, String displayName, String externalId, ProvisioningEventEntity event) {
        List<Object> binds = new ArrayList<>(Arrays.asList(caller.organizationId(), caller.providerId(), id, displayName, externalId));
        return NativeSql.row(ProvisioningEventRepository.writeWithEvent("update teams t set name = $4, external_id = $5,"
                        + " last_modified = now(), version = version + 1 where " + SCOPE + " and t.id = $3 returning " + COLUMNS,
                        event, binds), binds)
                .map(TeamRepository::toRow);
    }

    /**
     * SCIM DELETE: the team stops being managed by the provider; it, its externalId and its members
     * remain.
     */
    public Uni<Integer> unmanage(ScimCaller caller, UUID id) {
        return NativeSql.execute("update teams t set scim_provider_id = null, last_modified = now(), version = version + 1"
                + " where " + SCOPE + " and t.id = $3", List.of(caller.organizationId(), caller.providerId(), id));
    }

    /** Adds these users; existing members are skipped. Returns how many memberships were created. */
    public Uni<Integer> addMembers(ScimCaller caller, UUID teamId, List<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return NativeSql.execute("insert into team_members (team_id, user_id)"
                + " select t.id, x.user_id from teams t cross join unnest($4::uuid[]) as x(user_id)"
                + " where " + SCOPE + " and t.id = $3 on conflict do nothing",
                List.of(caller.organizationId(), caller.providerId(), teamId, userIds.toArray(UUID[]::new)));
    }

    /** Removes these users; non-members are skipped. Returns how many memberships were removed. */
    public Uni<Integer> removeMembers(ScimCaller caller, UUID teamId, List<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return NativeSql.execute("delete from team_members m using teams t where m.team_id = t.id and " + SCOPE
                + " and t.id = $3 and m.user_id = any($4)",
                List.of(caller.organizationId(), caller.providerId(), teamId, userIds.toArray(UUID[]::new)));
    }

    /**
     * Removes every member not in {@code keep} (all of them when it is empty). With
     * {@link #addMembers} this replaces the member set while keeping the memberships that stay, with
     * their original {@code created_at}, and counts only real changes.
     */
    public Uni<Integer> removeMembersExcept(ScimCaller caller, UUID teamId, List<UUID> keep) {
        return NativeSql.execute("delete from team_members m using teams t where m.team_id = t.id and " + SCOPE
                + " and t.id = $3 and not exists (select 1 from unnest($4::uuid[]) as k(user_id) where k.user_id = m.user_id)",
                List.of(caller.organizationId(), caller.providerId(), teamId, keep.toArray(UUID[]::new)));
    }

    /** The members of these teams, ordered by user id: only ids and display names are read. */
    public Uni<Map<UUID, List<GroupMember>>> membersOf(ScimCaller caller, List<UUID> teamIds) {
        if (teamIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        // display comes from the SCIM document, as the members.display filter reads it
        return NativeSql.rows("select m.team_id, m.user_id, u.scim->>'displayName' from team_members m"
                        + " join teams t on t.id = m.team_id join users u on u.id = m.user_id"
                        + " where " + SCOPE + " and m.team_id = any($3) order by m.team_id, m.user_id",
                        List.of(caller.organizationId(), caller.providerId(), teamIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, List<GroupMember>> members = new HashMap<>();
                    int capacity = teamIds.size() == 1 ? rows.size() : 10;
                    for (Object[] row : rows) {
                        members.computeIfAbsent((UUID) row[0], id -> new ArrayList<>(capacity))
                                .add(new GroupMember((UUID) row[1], (String) row[2]));
                    }
                    return members;
                });
    }

    /** One page of the caller's groups matching {@code filter} (its binds numbered from $3). */
    public Uni<List<GroupRow>> search(ScimCaller caller, SqlFragment filter, String orderBy, SqlFragment keyset, int offset,
            int limit) {
        return ScopedQuery.page(caller, "select " + COLUMNS + " from teams t", SCOPE, filter, keyset, orderBy, offset, limit,
                TeamRepository::toRow);
    }

    public Uni<Long> count(ScimCaller caller, SqlFragment filter) {
        return ScopedQuery.count(caller, "teams t", SCOPE, filter);
    }

    // --- admin side -------------------------------------------------------------------------

    /** A team of the organization that no provider manages yet. */
    public Uni<TeamEntity> create(UUID organizationId, String name) {
        return persist(newTeam(organizationId, name)).call(this::flush);
    }

    /** The organization's team; {@code lock} locks it {@code for update} (admin changes of a team serialise on it). */
    public Uni<Optional<TeamEntity>> findInOrganization(UUID organizationId, UUID teamId, boolean lock) {
        var query = find("id = ?1 and organizationId = ?2", teamId, organizationId);
        return (lock ? query.withLock(LockModeType.PESSIMISTIC_WRITE) : query).firstResult().map(Optional::ofNullable);
    }

    /** The organization's teams, by name. */
    public Uni<List<TeamEntity>> listInOrganization(UUID organizationId) {
        return find("organizationId = ?1 order by lower(name), id", organizationId).list();
    }

    /** The ids of the teams a provider manages, oldest first. */
    public Uni<List<UUID>> idsManagedBy(UUID organizationId, UUID providerId) {
        return getSession().chain(session -> session.createSelectionQuery("select t.id from TeamEntity t"
                        + " where t.organizationId = ?1 and t.scimProviderId = ?2 order by t.createdAt, t.id", UUID.class)
                .setParameter(1, organizationId).setParameter(2, providerId).getResultList());
    }

    /** Sets or clears the provider managing a team. */
    public Uni<Integer> assign(UUID organizationId, UUID teamId, UUID providerId) {
        return NativeSql.execute("update teams set scim_provider_id = $3, last_modified = now(), version = version + 1"
                + " where id = $1 and organization_id = $2", Arrays.asList(teamId, organizationId, providerId));
    }

    /** A deleted provider's teams become unmanaged (product.md §3.6). */
    public Uni<Integer> unmanageAll(UUID organizationId, UUID providerId) {
        return NativeSql.execute("update teams set scim_provider_id = null, last_modified = now(), version = version + 1"
                + " where scim_provider_id = $1 and organization_id = $2", List.of(providerId, organizationId));
    }

    /**
     * The members of a team linked to a provider other than {@code providerId}: they block assigning
     * the team to it (product.md §3.6). At most {@code limit}, by email.
     */
    public Uni<List<MemberLink>> membersLinkedElsewhere(UUID organizationId, UUID teamId, UUID providerId, int limit) {
        return NativeSql.rows("""
                        select u.id, u.email, u.scim_provider_id from team_members tm join users u on u.id = tm.user_id
                        where tm.team_id = $1 and u.organization_id = $2 and u.scim_provider_id is not null and u.scim_provider_id <> $3
                        order by lower(u.email), u.id limit $4""", List.of(teamId, organizationId, providerId, limit))
                .map(rows -> rows.stream().map(row -> new MemberLink((UUID) row[0], (String) row[1], (UUID) row[2])).toList());
    }

    /** Adds one member (idempotent). */
    public Uni<Integer> addMember(UUID teamId, UUID userId) {
        return NativeSql.execute("insert into team_members (team_id, user_id) values ($1, $2) on conflict do nothing",
                List.of(teamId, userId));
    }

    /** Removes one member (idempotent). */
    public Uni<Integer> removeMember(UUID teamId, UUID userId) {
        return NativeSql.execute("delete from team_members where team_id = $1 and user_id = $2", List.of(teamId, userId));
    }

    /**
     * Users who are members of teams managed by more than one provider, with each such team: with
     * multi-SCIM no provider may claim them (§3.2) until an administrator moves a team or a membership.
     */
    public Uni<List<ScopeConflictRow>> scopeConflicts(UUID organizationId) {
        return NativeSql.rows("""
                        select u.id, u.email, u.scim_provider_id, t.id, t.name, t.scim_provider_id
                        from users u join team_members tm on tm.user_id = u.id join teams t on t.id = tm.team_id
                        where u.organization_id = $1 and t.scim_provider_id is not null and u.id in (
                            select tm2.user_id from team_members tm2 join teams t2 on t2.id = tm2.team_id
                            where t2.organization_id = $1 and t2.scim_provider_id is not null
                            group by tm2.user_id having count(distinct t2.scim_provider_id) > 1)
                        order by lower(u.email), u.id, lower(t.name), t.id""", List.of(organizationId))
                .map(rows -> rows.stream().map(row -> new ScopeConflictRow((UUID) row[0], (String) row[1], (UUID) row[2],
                        (UUID) row[3], (String) row[4], (UUID) row[5])).toList());
    }

    /** A member of a team and the provider it is linked to. */
    public record MemberLink(UUID userId, String email, UUID linkedProviderId) {
    }

    /** A user in a team managed by a provider, when the user is in teams of several providers. */
    public record ScopeConflictRow(UUID userId, String email, UUID linkedProviderId, UUID teamId, String teamName,
            UUID teamProviderId) {
    }

    private static TeamEntity newTeam(UUID organizationId, String name) {
        TeamEntity team = new TeamEntity();
        team.id = UUID.randomUUID();
        team.organizationId = organizationId;
        team.name = name;
        OffsetDateTime now = Timestamps.now();
        team.createdAt = now;
        team.lastModified = now;
        team.version = 1;
        return team;
    }

    static GroupRow toRow(TeamEntity team) {
        return new GroupRow(team.id, team.organizationId, team.name, team.scimProviderId, team.externalId, team.createdAt,
                team.lastModified, team.version);
    }

    static GroupRow toRow(Object[] row) {
        return new GroupRow((UUID) row[0], (UUID) row[1], (String) row[2], (UUID) row[3], (String) row[4],
                (OffsetDateTime) row[5], (OffsetDateTime) row[6], ((Number) row[7]).longValue());
    }
}
