package dev.provisioning.admin;

import dev.provisioning.rules.Conflicts;
import dev.provisioning.user.UserRepository;
import dev.provisioning.web.AdminException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Product users as an administrator sees them: created unlinked (SCIM sees them through their
 * email, product.md §3.1), looked up by email, shown with their link and status.
 */
@ApplicationScoped
public class UserAdmin {
    public static final List<String> ROLES = List.of("limited", "regular", "admin");

    private final OrganizationAdmin organizations;
    private final UserRepository users;

    public UserAdmin(OrganizationAdmin organizations, UserRepository users) {
        this.organizations = organizations;
        this.users = users;
    }

    /** An unlinked product user; its SCIM view is its email as work email and userName. Duplicate emails are 409. */
    public Uni<AdminViews.User> create(UUID organizationId, String email, String displayName, String role) {
        return Panache.withTransaction(() -> organizations.require(organizationId, false)
                        .chain(org -> users.create(organizationId, email, displayName, role))
                        .map(user -> new AdminViews.User(user.id, user.email, user.displayName, user.role, user.active,
                                user.scimProviderId, user.scimDeleted, List.of(), user.createdAt)))
                .onFailure(Conflicts::isUniqueViolation).transform(failure -> AdminException.conflict(
                        "A user with the email '" + email.strip() + "' already exists in this organization"
                                + " (emails are unique ignoring letter case and surrounding blanks)"));
    }

    /** Users of the organization, by email (ignoring case and blanks) when given; oldest first, at most {@code limit}. */
    public Uni<List<AdminViews.User>> list(UUID organizationId, String email, int limit) {
        return Panache.withSession(() -> organizations.require(organizationId, false)
                .chain(org -> users.listProductUsers(organizationId, email, limit))
                .map(list -> list.stream().map(UserAdmin::view).toList()));
    }

    public Uni<AdminViews.User> get(UUID organizationId, UUID userId) {
        return Panache.withSession(() -> organizations.require(organizationId, false)
                .chain(org -> users.findProductUser(organizationId, userId))
                .map(found -> view(found.orElseThrow(() -> AdminException.notFound("User " + userId + " not found in this organization")))));
    }

    private static AdminViews.User view(UserRepository.ProductUser user) {
        return new AdminViews.User(user.id(), user.email(), user.displayName(), user.role(), user.active(), user.scimProviderId(),
                user.scimDeleted(), user.teamIds(), user.createdAt());
    }
}
