package dev.provisioning.search;

import dev.provisioning.ops.ScimConfig;
import dev.provisioning.security.CurrentCaller;
import dev.provisioning.web.ListParams;
import dev.provisioning.web.ListQuery;
import dev.provisioning.web.ScimResponses;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * Searching from the root (RFC 7644 §3.4.2, §3.4.3; product.md §11): {@code POST /.search} and
 * {@code GET /} with the same parameters as {@code /Users}, across Users and Groups. Thin: parses and
 * delegates to {@link RootQueries}.
 */
@WithSession
@Path("/scim/v2")
public class RootSearchResource {
    private final CurrentCaller current;
    private final RootQueries queries;
    private final ScimConfig config;

    public RootSearchResource(CurrentCaller current, RootQueries queries, ScimConfig config) {
        this.current = current;
        this.queries = queries;
        this.config = config;
    }

    @POST
    @Path(".search")
    public Uni<Response> search(byte[] body) {
        return answer(ListParams.fromSearchBody(body));
    }

    @GET
    public Uni<Response> list(@BeanParam ListQuery query) {
        return answer(query.params());
    }

    private Uni<Response> answer(ListParams params) {
        return queries.search(current.get(), params.request(config),
                        RootQueries.TYPES.stream().map(params::projection).toList())
                .map(body -> ScimResponses.json(200, body));
    }
}
