package dev.provisioning.user;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.ops.ScimConfig;
import dev.provisioning.rules.UserProvisioning;
import dev.provisioning.scim.patch.PatchRequestParser;
import dev.provisioning.scim.schema.ResourceNormalizer;
import dev.provisioning.scim.schema.Projection;
import dev.provisioning.scim.schema.ScimSchemas;
import dev.provisioning.security.CurrentCaller;
import dev.provisioning.provider.ScimCaller;
import dev.provisioning.web.JsonBodies;
import dev.provisioning.web.ListParams;
import dev.provisioning.web.ListQuery;
import dev.provisioning.web.ScimResponses;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** {@code /Users} (RFC 7644 §3): thin — parses, delegates, renders. */
@WithSession
@Path("/scim/v2/Users")
public class UserResource {
    private final CurrentCaller current;
    private final UserQueries queries;
    private final UserProvisioning provisioning;
    private final ScimConfig config;

    public UserResource(CurrentCaller current, UserQueries queries, UserProvisioning provisioning, ScimConfig config) {
        this.current = current;
        this.queries = queries;
        this.provisioning = provisioning;
        this.config = config;
    }

    @GET
    public Uni<Response> list(@BeanParam ListQuery query) {
        return answer(query.params());
    }

    @POST
    @Path(".search")
    public Uni<Response> search(byte[] body) {
        return answer(ListParams.fromSearchBody(body));
    }

    private Uni<Response> answer(ListParams params) {
        ScimCaller caller = current.get();
        return queries.list(caller, params.request(config), params.projection(ScimSchemas.USER_TYPE))
                .map(body -> ScimResponses.json(200, body));
    }

    @POST
    public Uni<Response> create(byte[] body, @RestQuery String attributes, @RestQuery String excludedAttributes) {
        ScimCaller caller = current.get();
        ObjectNode doc = ResourceNormalizer.normalize(JsonBodies.parse(body), ScimSchemas.USER_TYPE);
        Projection projection = Projection.parse(attributes, excludedAttributes, ScimSchemas.USER_TYPE);
        return provisioning.create(caller, doc).flatMap(created -> queries.render(caller, created.row(), projection)
                .map(resource -> ScimResponses.builder(201, resource)
                        .location(URI.create(caller.baseUrl() + "/Users/" + created.row().id()))
                        .tag(etag(created.row()))
                        .build()));
    }

    @GET
    @Path("{id}")
    public Uni<Response> get(@RestPath String id, @RestQuery String attributes, @RestQuery String excludedAttributes) {
        ScimCaller caller = current.get();
        UUID userId = JsonBodies.resourceId(id, "User");
        Projection projection = Projection.parse(attributes, excludedAttributes, ScimSchemas.USER_TYPE);
        return queries.get(caller, userId).flatMap(row -> queries.render(caller, row, projection)
                .map(resource -> ScimResponses.builder(200, resource).tag(etag(row)).build()));
    }

    @PUT
    @Path("{id}")
    public Uni<Response> replace(@RestPath String id, byte[] body, @RestHeader("If-Match") String ifMatch,
            @RestQuery String attributes, @RestQuery String excludedAttributes) {
        ScimCaller caller = current.get();
        UUID userId = JsonBodies.resourceId(id, "User");
        ObjectNode doc = ResourceNormalizer.normalize(JsonBodies.parse(body), ScimSchemas.USER_TYPE, userId.toString());
        Projection projection = Projection.parse(attributes, excludedAttributes, ScimSchemas.USER_TYPE);
        return provisioning.replace(caller, userId, doc, ifMatch).flatMap(row -> queries.render(caller, row, projection)
                .map(resource -> ScimResponses.builder(200, resource).tag(etag(row)).build()));
    }

    @PATCH
    @Path("{id}")
    public Uni<Response> patch(@RestPath String id, byte[] body, @RestHeader("If-Match") String ifMatch,
            @RestQuery String attributes, @RestQuery String excludedAttributes) {
        ScimCaller caller = current.get();
        UUID userId = JsonBodies.resourceId(id, "User");
        var operations = PatchRequestParser.parse(JsonBodies.parse(body), userId.toString());
        Projection projection = Projection.parse(attributes, excludedAttributes, ScimSchemas.USER_TYPE);
        return provisioning.patch(caller, userId, operations, ifMatch).flatMap(row -> queries.render(caller, row, projection)
                .map(resource -> ScimResponses.builder(200, resource).tag(etag(row)).build()));
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@RestPath String id, @RestHeader("If-Match") String ifMatch) {
        ScimCaller caller = current.get();
        UUID userId = JsonBodies.resourceId(id, "User");
        return provisioning.delete(caller, userId, ifMatch).map(done -> Response.noContent().build());
    }

    private static jakarta.ws.rs.core.EntityTag etag(UserRow row) {
        return new jakarta.ws.rs.core.EntityTag(Long.toString(row.version()), true);
    }


}
