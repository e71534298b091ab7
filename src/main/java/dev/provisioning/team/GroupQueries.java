package dev.provisioning.team;

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

/**
 * Reads groups as the caller's provider sees them: by id, and filtered, sorted and paged in
 * PostgreSQL. Members are read only when the projection returns them, so Entra's
 * {@code excludedAttributes=members} (sent on every group read) never touches {@code team_members}.
 */
@ApplicationScoped
public class GroupQueries {
    private static final String STABLE_ORDER = "t.created_at, t.id";

    private final Pool pool;
    private final GroupRepository groups;

    public GroupQueries(Pool pool, GroupRepository groups) {
        this.pool = pool;
        this.groups = groups;
    }

    public Uni<GroupRow> get(ScimCaller caller, UUID id) {
        return groups.findVisible(pool, caller, id, false)
                .map(found -> found.orElseThrow(() -> ScimException.notFound("Group " + id + " not found")));
    }

    /** The rendered, projected resource of a row (members only read when projected). */
    public Uni<ObjectNode> render(ScimCaller caller, GroupRow row, Projection projection) {
        return renderAll(caller, List.of(row), projection).map(list -> list.get(0));
    }

    public Uni<ObjectNode> list(ScimCaller caller, ListRequest request, Projection projection) {
        SqlFragment filter = request.filter() == null ? null
                : SqlFilters.where(request.filter(), ScimSchemas.GROUP_TYPE, 3);
        int nextBind = 3 + (filter == null ? 0 : filter.binds().size());
        if (request.cursorPaging()) {
            if (request.sortBy() != null) {
                throw ScimException.invalidValue("Cursor paging follows the stable creation order; it cannot be combined with sortBy");
            }
            SqlFragment keyset = null;
            if (!request.cursor().isEmpty()) {
                Cursor after = Cursor.decode(request.cursor());
                keyset = new SqlFragment("(t.created_at, t.id) > ($" + nextBind + ", $" + (nextBind + 1) + ")",
                        List.of(after.created(), after.id()));
            }
            boolean firstPage = request.cursor().isEmpty();
            int size = request.count();
            return groups.search(pool, caller, filter, STABLE_ORDER, keyset, 0, size + 1)
                    .flatMap(rows -> {
                        List<GroupRow> page = rows.size() > size ? rows.subList(0, size) : rows;
                        String next = rows.size() > size && !page.isEmpty()
                                ? new Cursor(page.get(page.size() - 1).createdAt(), page.get(page.size() - 1).id()).encode()
                                : null;
                        Uni<Long> total = firstPage
                                ? (next == null ? Uni.createFrom().item((long) page.size()) : groups.count(pool, caller, filter))
                                : Uni.createFrom().nullItem();
                        return total.flatMap(count -> renderAll(caller, page, projection)
                                .map(resources -> ListResponses.of(count, 1, resources, next, true)));
                    });
        }
        String orderBy = request.sortBy() == null ? STABLE_ORDER
                : SqlFilters.orderBy(request.sortBy(), ScimSchemas.GROUP_TYPE, request.descending()) + ", " + STABLE_ORDER;
        int startIndex = request.startIndex();
        int count = request.count();
        if (count == 0) {
            return groups.count(pool, caller, filter)
                    .map(total -> ListResponses.of(total, startIndex, List.of(), null, false));
        }
        return groups.search(pool, caller, filter, orderBy, null, startIndex - 1, count).flatMap(rows -> {
            Uni<Long> total = startIndex == 1 && rows.size() < count
                    ? Uni.createFrom().item((long) rows.size())
                    : groups.count(pool, caller, filter);
            return total.flatMap(t -> renderAll(caller, rows, projection)
                    .map(resources -> ListResponses.of(t, startIndex, resources, null, false)));
        });
    }

    private Uni<List<ObjectNode>> renderAll(ScimCaller caller, List<GroupRow> rows, Projection projection) {
        boolean withMembers = projection.wants("members");
        Uni<Map<UUID, List<GroupMember>>> members = withMembers
                ? groups.membersOf(pool, caller, rows.stream().map(GroupRow::id).toList())
                : Uni.createFrom().item(Map.of());
        return members.map(byTeam -> {
            List<ObjectNode> resources = new ArrayList<>(rows.size());
            for (GroupRow row : rows) {
                ObjectNode full = GroupRenderer.render(row, withMembers ? byTeam.getOrDefault(row.id(), List.of()) : null,
                        caller.baseUrl());
                // the default projection keeps everything: skip copying a 100 000-element member list
                resources.add(projection.isDefault() ? full : projection.apply(full, ScimSchemas.GROUP_TYPE));
            }
            return resources;
        });
    }
}
