package dev.provisioning.user;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.scim.filter.SqlFragment;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.query.Cursor;
import dev.provisioning.scim.query.ListRequest;
import dev.provisioning.scim.query.ListResponses;
import dev.provisioning.scim.query.SqlFilters;
import dev.provisioning.scim.schema.Projection;
import dev.provisioning.scim.schema.ScimSchemas;
import dev.provisioning.security.ScimCaller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads users as the caller's provider sees them: by id, and filtered, sorted and paged in PostgreSQL. */
@ApplicationScoped
public class UserQueries {
    private static final String STABLE_ORDER = "u.created_at, u.id";

    private final Pool pool;
    private final UserRepository users;

    public UserQueries(Pool pool, UserRepository users) {
        this.pool = pool;
        this.users = users;
    }

    public Uni<UserRow> get(ScimCaller caller, UUID id) {
        return users.findVisible(pool, caller, id, false)
                .map(found -> found.orElseThrow(() -> ScimException.notFound("User " + id + " not found")));
    }

    /** The rendered, projected resource of a row (groups and manager name only read when projected). */
    public Uni<ObjectNode> render(ScimCaller caller, UserRow row, Projection projection) {
        return renderAll(caller, List.of(row), projection).map(list -> list.get(0));
    }

    public Uni<ObjectNode> list(ScimCaller caller, ListRequest request, Projection projection) {
        SqlFragment filter = request.filter() == null ? null
                : SqlFilters.where(request.filter(), ScimSchemas.USER_TYPE, 3);
        int nextBind = 3 + (filter == null ? 0 : filter.binds().size());
        if (request.cursorPaging()) {
            if (request.sortBy() != null) {
                throw ScimException.invalidValue("Cursor paging follows the stable creation order; it cannot be combined with sortBy");
            }
            SqlFragment keyset = null;
            if (!request.cursor().isEmpty()) {
                Cursor after = Cursor.decode(request.cursor());
                keyset = new SqlFragment("(u.created_at, u.id) > ($" + nextBind + ", $" + (nextBind + 1) + ")",
                        List.of(after.created(), after.id()));
            }
            boolean firstPage = request.cursor().isEmpty();
            int size = request.count();
            SqlFragment afterKey = keyset;
            return users.search(pool, caller, filter, STABLE_ORDER, afterKey, 0, size + 1)
                    .flatMap(rows -> {
                        List<UserRow> page = rows.size() > size ? rows.subList(0, size) : rows;
                        String next = rows.size() > size && !page.isEmpty()
                                ? new Cursor(page.get(page.size() - 1).createdAt(), page.get(page.size() - 1).id()).encode()
                                : null;
                        Uni<Long> total = firstPage
                                ? (next == null ? Uni.createFrom().item((long) page.size()) : users.count(pool, caller, filter))
                                : Uni.createFrom().nullItem();
                        return total.flatMap(count -> renderAll(caller, page, projection)
                                .map(resources -> ListResponses.of(count, 1, resources, next, true)));
                    });
        }
        String orderBy = request.sortBy() == null ? STABLE_ORDER
                : SqlFilters.orderBy(request.sortBy(), ScimSchemas.USER_TYPE, request.descending()) + ", " + STABLE_ORDER;
        int startIndex = request.startIndex();
        int count = request.count();
        if (count == 0) {
            return users.count(pool, caller, filter)
                    .map(total -> ListResponses.of(total, startIndex, List.of(), null, false));
        }
        return users.search(pool, caller, filter, orderBy, null, startIndex - 1, count).flatMap(rows -> {
            Uni<Long> total = startIndex == 1 && rows.size() < count
                    ? Uni.createFrom().item((long) rows.size())
                    : users.count(pool, caller, filter);
            return total.flatMap(t -> renderAll(caller, rows, projection)
                    .map(resources -> ListResponses.of(t, startIndex, resources, null, false)));
        });
    }

    private Uni<List<ObjectNode>> renderAll(ScimCaller caller, List<UserRow> rows, Projection projection) {
        List<UUID> ids = rows.stream().map(UserRow::id).toList();
        Uni<Map<UUID, List<UserRepository.TeamRef>>> groups = projection.wants("groups")
                ? users.groupsOf(pool, caller, ids) : Uni.createFrom().item(Map.of());
        List<UUID> managers = new ArrayList<>();
        if (projection.wants(ScimSchemas.ENTERPRISE_USER_URN)) {
            for (UserRow row : rows) {
                String manager = UserRenderer.managerId(row.scim());
                UUID managerId = manager == null ? null : parseUuid(manager);
                if (managerId != null) {
                    managers.add(managerId);
                }
            }
        }
        return groups.flatMap(teams -> users.displayNames(pool, caller.organizationId(), managers).map(names -> {
            List<ObjectNode> resources = new ArrayList<>(rows.size());
            for (UserRow row : rows) {
                ObjectNode full = UserRenderer.render(row, teams.getOrDefault(row.id(), List.of()), names, caller.baseUrl());
                resources.add(projection.apply(full, ScimSchemas.USER_TYPE));
            }
            return resources;
        }));
    }

    static UUID parseUuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
