package dev.provisioning.admin;

import dev.provisioning.persistence.Timestamps;
import dev.provisioning.provider.ScimProviderRepository;
import dev.provisioning.rules.Conflicts;
import dev.provisioning.team.TeamEntity;
import dev.provisioning.team.TeamRepository;
import dev.provisioning.user.UserRepository;
import dev.provisioning.web.AdminException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
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

    private final OrganizationAdmin organizations;
    private final TeamRepository teams;
    private final ScimProviderRepository providers;
    private final UserRepository users;

    public TeamAdmin(OrganizationAdmin organizations, TeamRepository teams, ScimProviderRepository providers, UserRepository users) {
        this.organizations = organizations;
        this.teams = teams;
        this.providers = providers;
        this.users = users;
    }

    public Uni<AdminViews.Team> create(UUID organizationId, String name) {
        return Panache.withTransaction(() -> organizations.require(organizationId, false)
                .chain(org -> teams.create(organizationId, name))
                .map(TeamAdmin::view));
    }

    public Uni<List<AdminViews.Team>> list(UUID organizationId) {
        return Panache.withSession(() -> organizations.require(organizationId, false)
                .chain(org -> teams.listInOrganization(organizationId))
                .map(list -> list.stream().map(TeamAdmin::view).toList()));
    }

    /**
     * Sets ({@code providerId}) or clears ({@code null}) the provider managing a team. The team row
     * is locked, so two assignments of one team serialise. A provider whose default team moves to
     * another provider loses it as default team (its new users would otherwise land there).
     */
    public Uni<AdminViews.Team> assign(UUID organizationId, UUID teamId, UUID providerId) {
        return Panache.withTransaction(() -> require(organizationId, teamId, true)
                        .call(team -> providerId == null ? Uni.createFrom().voidItem() : checkProvider(organizationId, providerId))
                        .call(team -> providerId == null ? Uni.createFrom().voidItem()
                                : teams.membersLinkedElsewhere(organizationId, teamId, providerId, MAX_LISTED_CONFLICTS).invoke(linked -> {
                                    if (!linked.isEmpty()) {
                                        List<AdminViews.LinkConflict> conflicts = linked.stream()
                                                .map(m -> new AdminViews.LinkConflict(m.userId(), m.email(), m.linkedProviderId())).toList();
                                        throw AdminException.conflict(conflicts.size() + (conflicts.size() == 1 ? " member" : " members")
                                                + " of team '" + team.name + "' " + (conflicts.size() == 1 ? "is" : "are")
                                                + " linked to another SCIM provider, so the team cannot be managed by this one."
                                                + " Remove them from the team, or have the other provider unassign them (a SCIM DELETE"
                                                + " unlinks them), then try again.", Map.of("conflicts", conflicts));
                                    }
                                }))
                        .call(team -> {
                            team.scimProviderId = providerId;
                            team.lastModified = Timestamps.now();
                            team.version++;
                            return teams.flush();
                        })
                        .call(team -> providers.clearDefaultTeamExcept(organizationId, teamId, providerId))
                        .map(TeamAdmin::view))
                .onFailure(Conflicts::isUniqueViolation).transform(failure -> AdminException.conflict(
                        "That SCIM provider already manages a team with the same name (names are unique per provider, ignoring case);"
                                + " rename one of the teams first"));
    }

    /**
     * Adds a member; a user linked to one provider cannot join a team another provider manages (§3.6).
     * The user row is locked {@code for share} before the team: a SCIM claim of the user, which
     * locks the user and then its teams, is then either seen here as a link or sees this membership
     * (the same order on both sides, so they cannot deadlock).
     */
    public Uni<Void> addMember(UUID organizationId, UUID teamId, UUID userId) {
        return Panache.withTransaction(() -> users.lockProductUser(organizationId, userId)
                .chain(found -> require(organizationId, teamId, true).invoke(team -> {
                    var user = found.orElseThrow(() -> AdminException.notFound("User " + userId + " not found in this organization"));
                    UUID linked = user.scimProviderId();
                    if (linked != null && team.scimProviderId != null && !linked.equals(team.scimProviderId)) {
                        throw AdminException.conflict("User " + user.email() + " is linked to another SCIM provider and"
                                + " cannot join team '" + team.name + "', which SCIM provider " + team.scimProviderId
                                + " manages", Map.of("conflicts", List.of(new AdminViews.LinkConflict(userId, user.email(), linked))));
                    }
                }))
                .call(team -> teams.addMember(teamId, userId))
                .replaceWithVoid());
    }

    /** Removes a member; removing a non-member is a no-op (204), so that retries are safe. */
    public Uni<Void> removeMember(UUID organizationId, UUID teamId, UUID userId) {
        return Panache.withTransaction(() -> require(organizationId, teamId, false)
                .call(team -> users.findProductUser(organizationId, userId).invoke(found -> found.orElseThrow(
                        () -> AdminException.notFound("User " + userId + " not found in this organization"))))
                .call(team -> teams.removeMember(teamId, userId))
                .replaceWithVoid());
    }

    /**
     * Users who are members of teams managed by more than one provider: with multi-SCIM no provider
     * may claim them (§3.2) until an administrator moves a team or a membership.
     */
    public Uni<List<AdminViews.ScopeConflict>> conflicts(UUID organizationId) {
        return Panache.withSession(() -> organizations.require(organizationId, false)
                .chain(org -> teams.scopeConflicts(organizationId))
                .map(rows -> {
                    Map<UUID, AdminViews.ScopeConflict> byUser = new LinkedHashMap<>();
                    for (TeamRepository.ScopeConflictRow row : rows) {
                        byUser.computeIfAbsent(row.userId(), id -> new AdminViews.ScopeConflict(id, row.email(), row.linkedProviderId(),
                                new ArrayList<>())).teams().add(new AdminViews.ManagedTeam(row.teamId(), row.teamName(), row.teamProviderId()));
                    }
                    return new ArrayList<>(byUser.values());
                }));
    }

    private Uni<Void> checkProvider(UUID organizationId, UUID providerId) {
        return providers.findInOrganization(organizationId, providerId, false).invoke(found -> {
            if (found.isEmpty()) {
                throw AdminException.badRequest("scimProviderId", "SCIM provider " + providerId + " does not exist in this organization");
            }
        }).replaceWithVoid();
    }

    private Uni<TeamEntity> require(UUID organizationId, UUID teamId, boolean lock) {
        return teams.findInOrganization(organizationId, teamId, lock)
                .map(found -> found.orElseThrow(() -> AdminException.notFound("Team " + teamId + " not found in this organization")));
    }

    static AdminViews.Team view(TeamEntity team) {
        return new AdminViews.Team(team.id, team.name, team.scimProviderId);
    }
}
