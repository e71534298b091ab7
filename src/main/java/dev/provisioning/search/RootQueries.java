package dev.provisioning.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.scim.query.ListRequest;
import dev.provisioning.scim.query.ListResponses;
import dev.provisioning.scim.query.RootSearch;
import dev.provisioning.scim.schema.Projection;
import dev.provisioning.scim.schema.ResourceTypeDefinition;
import dev.provisioning.scim.schema.ScimSchemas;
import dev.provisioning.provider.ScimCaller;
import dev.provisioning.team.GroupQueries;
import dev.provisioning.user.UserQueries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Searches from the root across Users and Groups ({@link RootSearch} decides how): each type is
 * asked through its own list query, the same one {@code /Users} and {@code /Groups} answer with (scope,
 * filter translation, projection), one after the other on the request's connection.
 */
@ApplicationScoped
public class RootQueries {
    /** The order of the concatenated result: Users, then Groups. */
    static final List<ResourceTypeDefinition> TYPES = List.of(ScimSchemas.USER_TYPE, ScimSchemas.GROUP_TYPE);

    private final UserQueries users;
    private final GroupQueries groups;

    public RootQueries(UserQueries users, GroupQueries groups) {
        this.users = users;
        this.groups = groups;
    }

    /**
     * @param projections the {@code attributes}/{@code excludedAttributes} of the request, parsed per type
     *                    (in {@link #TYPES} order)
     */
    public Uni<ObjectNode> search(ScimCaller caller, ListRequest request, List<Projection> projections) {
        RootSearch.check(request, TYPES);
        Uni<Page> page = Uni.createFrom().item(new Page());
        for (int i = 0; i < TYPES.size(); i++) {
            ResourceTypeDefinition type = TYPES.get(i);
            Projection projection = projections.get(i);
            page = page.flatMap(sofar -> {
                RootSearch.TypeFilter filter = RootSearch.forType(request.filter(), type);
                if (filter instanceof RootSearch.TypeFilter.MatchesNone) {
                    return Uni.createFrom().item(sofar);
                }
                String text = filter instanceof RootSearch.TypeFilter.Applies applies ? applies.filter() : null;
                RootSearch.ListWindow window = RootSearch.next(request.startIndex(), request.count(), sofar.total,
                        sofar.resources.size());
                ListRequest share = new ListRequest(text, null, false, window.startIndex(), window.count(), null);
                return list(caller, type, share, projection).map(answer -> sofar.add(answer));
            });
        }
        return page.map(done -> ListResponses.of(done.total, request.startIndex(), done.resources, null, false));
    }

    private Uni<ObjectNode> list(ScimCaller caller, ResourceTypeDefinition type, ListRequest request, Projection projection) {
        return type == ScimSchemas.USER_TYPE ? users.list(caller, request, projection) : groups.list(caller, request, projection);
    }

    /** What the types asked so far found: their total and the resources of this page. */
    private static final class Page {
        private long total;
        private final List<ObjectNode> resources = new ArrayList<>();

        Page add(ObjectNode answer) {
            total += answer.path("totalResults").asLong();
            for (JsonNode resource : answer.path("Resources")) {
                resources.add((ObjectNode) resource);
            }
            return this;
        }
    }
}
