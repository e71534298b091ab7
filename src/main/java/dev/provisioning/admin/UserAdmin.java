package dev.provisioning.admin;

import dev.provisioning.rules.Conflicts;
import dev.provisioning.user.UserDocument;
import dev.provisioning.user.UserRepository;
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
 * Product users as an administrator sees them: created unlinked (SCIM sees them through their
 * email, product.md §3.1), looked up by email, shown with their link and status.
 */
@ApplicationScoped
public class UserAdmin {
    public static final List<String> ROLES = List.of("limited", "regular", "admin");
    private static final String COLUMNS = "u.id, u.email, u.display_name, u.role, u.active, u.scim_provider_id, u.scim_deleted, u.created_at,"
            + " array(select tm.team_id from team_members tm where tm.user_id = u.id order by tm.team_id) as team_ids";

    private final Pool pool;
    private final UserRepository users;

    public UserAdmin(Pool pool, UserRepository users) {
        this.pool = pool;
        this.users = users;
    }

    /** An unlinked product user; its SCIM view is its email as work email and userName. Duplicate emails are 409. */
    public Uni<AdminViews.User> create(UUID organizationId, String email, String displayName, String role) {
        return pool.withTransaction(db -> OrganizationAdmin.find(db, organizationId, false)
                        .flatMap(org -> users.insert(db, organizationId, null, role, UserDocument.forProductUser(email, displayName, true)))
                        .flatMap(row -> find(db, organizationId, row.id())))
                .onFailure(Conflicts::isUniqueViolation).transform(failure -> AdminException.conflict(
                        "A user with the email '" + email.strip() + "' already exists in this organization"
                                + " (emails are unique ignoring letter case and surrounding blanks)"));
    }

    /** Users of the organization, by email (ignoring case and blanks) when given; oldest first, at most {@code limit}. */
    public Uni<List<AdminViews.User>> list(UUID organizationId, String email, int limit) {
        String sql = "select " + COLUMNS + " from users u where u.organization_id = $1"
                + (email == null ? "" : " and lower(btrim(u.email)) = lower(btrim($3))") + " order by u.created_at, u.id limit $2";
        Tuple binds = email == null ? Tuple.of(organizationId, limit) : Tuple.of(organizationId, limit, email);
        return OrganizationAdmin.find(pool, organizationId, false)
                .flatMap(org -> pool.preparedQuery(sql).execute(binds))
                .map(rows -> {
                    List<AdminViews.User> list = new ArrayList<>();
                    rows.forEach(row -> list.add(user(row)));
                    return list;
                });
    }

    public Uni<AdminViews.User> get(UUID organizationId, UUID userId) {
        return OrganizationAdmin.find(pool, organizationId, false).flatMap(org -> find(pool, organizationId, userId));
    }

    private static Uni<AdminViews.User> find(SqlClient db, UUID organizationId, UUID userId) {
        return db.preparedQuery("select " + COLUMNS + " from users u where u.id = $1 and u.organization_id = $2")
                .execute(Tuple.of(userId, organizationId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw AdminException.notFound("User " + userId + " not found in this organization");
                    }
                    return user(rows.iterator().next());
                });
    }

    private static AdminViews.User user(Row row) {
        UUID[] teams = row.getArrayOfUUIDs("team_ids");
        return new AdminViews.User(row.getUUID("id"), row.getString("email"), row.getString("display_name"), row.getString("role"),
                row.getBoolean("active"), row.getUUID("scim_provider_id"), row.getBoolean("scim_deleted"),
                teams == null ? List.of() : Arrays.asList(teams), row.getOffsetDateTime("created_at"));
    }
}
