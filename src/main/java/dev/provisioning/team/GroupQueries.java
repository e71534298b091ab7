package dev.provisioning.team;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.scim.query.ListRequest;
import dev.provisioning.scim.query.PagedList;
import dev.provisioning.scim.schema.Projection;
import dev.provisioning.scim.schema.ScimSchemas;
import dev.provisioning.provider.ScimCaller;
import io.smallrye.mutiny.Uni;
import io.quarkus.hibernate.reactive.panache.Panache;
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
    private final TeamRepository groups;

    public GroupQueries(TeamRepository groups) {
        this.groups = groups;
    }

    public Uni<GroupRow> get(ScimCaller caller, UUID id) {
        return Panache.withSession(() -> groups.findVisible(caller, id, false))
                .map(found -> found.orElseThrow(() -> ScimException.notFound("Group " + id + " not found")));
    }

    /** The rendered, projected resource of a row (members only read when projected). */
    public Uni<ObjectNode> render(ScimCaller caller, GroupRow row, Projection projection) {
        return Panache.withSession(() -> renderAll(caller, List.of(row), projection)).map(list -> list.get(0));
    }

    public Uni<ObjectNode> list(ScimCaller caller, ListRequest request, Projection projection) {
        PagedList.Source<GroupRow> source = new PagedList.Source<>(
                (filter, orderBy, keyset, offset, limit) -> groups.search(caller, filter, orderBy, keyset, offset, limit),
                filter -> groups.count(caller, filter), GroupRow::createdAt, GroupRow::id);
        return Panache.withSession(() -> PagedList.answer(request, ScimSchemas.GROUP_TYPE, "t", source,
                rows -> renderAll(caller, rows, projection)));
    }

    private Uni<List<ObjectNode>> renderAll(ScimCaller caller, List<GroupRow> rows, Projection projection) {
        boolean withMembers = projection.wants("members");
        Uni<Map<UUID, List<GroupMember>>> members = withMembers
                ? groups.membersOf(caller, rows.stream().map(GroupRow::id).toList())
                : Uni.createFrom().item(Map.of());
        return members.map(byTeam -> {
            List<ObjectNode> resources = new ArrayList<>(rows.size());
            for (GroupRow row : rows) {
                List<GroupMember> of = withMembers ? byTeam.getOrDefault(row.id(), List.of()) : null;
                // the default projection keeps everything: its members are written straight into the response
                // (a 100 000-member group is never a tree); any other projection works on the full tree
                resources.add(projection.isDefault() ? GroupRenderer.renderForWriting(row, of, caller.baseUrl())
                        : projection.apply(GroupRenderer.render(row, of, caller.baseUrl()), ScimSchemas.GROUP_TYPE));
            }
            return resources;
        });
    }
}
