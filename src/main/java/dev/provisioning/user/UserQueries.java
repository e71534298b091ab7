package dev.provisioning.user;

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
 * Reads users as the caller's provider sees them: by id, and filtered, sorted and paged in PostgreSQL,
 * on the request's session (opened here when the caller has none).
 */
@ApplicationScoped
public class UserQueries {
    private final UserRepository users;

    public UserQueries(UserRepository users) {
        this.users = users;
    }

    public Uni<UserRow> get(ScimCaller caller, UUID id) {
        return Panache.withSession(() -> users.findVisible(caller, id, false))
                .map(found -> found.orElseThrow(() -> ScimException.notFound("User " + id + " not found")));
    }

    /** The rendered, projected resource of a row (groups and manager name only read when projected). */
    public Uni<ObjectNode> render(ScimCaller caller, UserRow row, Projection projection) {
        return Panache.withSession(() -> renderAll(caller, List.of(row), projection)).map(list -> list.get(0));
    }

    public Uni<ObjectNode> list(ScimCaller caller, ListRequest request, Projection projection) {
        PagedList.Source<UserRow> source = new PagedList.Source<>(
                (filter, orderBy, keyset, offset, limit) -> users.search(caller, filter, orderBy, keyset, offset, limit,
                        projection.wants("groups")),
                filter -> users.count(caller, filter), UserRow::createdAt, UserRow::id);
        return Panache.withSession(() -> PagedList.answer(request, ScimSchemas.USER_TYPE, "u", source,
                rows -> renderAll(caller, rows, projection)));
    }

    private Uni<List<ObjectNode>> renderAll(ScimCaller caller, List<UserRow> rows, Projection projection) {
        List<UUID> ids = rows.stream().map(UserRow::id).toList();
        Uni<Map<UUID, List<UserRepository.TeamRef>>> groups;
        if (!projection.wants("groups")) {
            groups = Uni.createFrom().item(Map.of());
        } else if (rows.stream().allMatch(row -> row.groups() != null)) {
            Map<UUID, List<UserRepository.TeamRef>> read = new java.util.HashMap<>();
            rows.forEach(row -> read.put(row.id(), row.groups()));
            groups = Uni.createFrom().item(read);
        } else {
            groups = users.groupsOf(caller, ids);
        }
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
        return groups.flatMap(teams -> users.displayNames(caller.organizationId(), managers).map(names -> {
            List<ObjectNode> resources = new ArrayList<>(rows.size());
            for (UserRow row : rows) {
                ObjectNode full = UserRenderer.render(row, teams.getOrDefault(row.id(), List.of()), names, caller.baseUrl());
                resources.add(view(full, projection));
            }
            return resources;
        }));
    }

    /**
     * What the client gets of a rendered user: the rendering itself when no {@code attributes} or
     * {@code excludedAttributes} were given, since a stored document never holds what the default
     * projection removes (DefaultViewPropertyTest); otherwise its projected copy. Skipping the copy
     * was about 7 % of a lookup's CPU (bench/RESULTS.md, issue 16 round four).
     */
    static ObjectNode view(ObjectNode rendered, Projection projection) {
        return projection.isDefault() ? rendered : projection.apply(rendered, ScimSchemas.USER_TYPE);
    }

    static UUID parseUuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
