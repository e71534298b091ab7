package dev.provisioning.team;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.ops.ScimConfig;
import dev.provisioning.rules.GroupProvisioning;
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
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** {@code /Groups} (RFC 7644 §3): thin — parses, delegates, renders. A Group is a team the caller's provider manages. */
@WithSession
@Path("/scim/v2/Groups")
public class GroupResource {
    private final CurrentCaller current;
    private final GroupQueries queries;
    private final GroupProvisioning provisioning;
    private final ScimConfig config;

    public GroupResource(CurrentCaller current, GroupQueries queries, GroupProvisioning provisioning, ScimConfig config) {
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
        return queries.list(caller, params.request(config), params.projection(ScimSchemas.GROUP_TYPE))
                .map(body -> ScimResponses.json(200, body));
    }

    @POST
    public Uni<Response> create(byte[] body, @RestQuery String attributes, @RestQuery String excludedAttributes) {
        ScimCaller caller = current.get();
        ObjectNode doc = ResourceNormalizer.normalize(JsonBodies.parse(body), ScimSchemas.GROUP_TYPE);
        Projection projection = Projection.parse(attributes, excludedAttributes, ScimSchemas.GROUP_TYPE);
        return provisioning.create(caller, doc).flatMap(row -> queries.render(caller, row, projection)
                .map(resource -> ScimResponses.builder(201, resource)
                        .location(URI.create(caller.baseUrl() + "/Groups/" + row.id()))
                        .tag(etag(row))
                        .build()));
    }

    @GET
    @Path("{id}")
    public Uni<Response> get(@RestPath String id, @RestQuery String attributes, @RestQuery String excludedAttributes) {
        ScimCaller caller = current.get();
        UUID groupId = JsonBodies.resourceId(id, "Group");
        Projection projection = Projection.parse(attributes, excludedAttributes, ScimSchemas.GROUP_TYPE);
        return queries.get(caller, groupId).flatMap(row -> queries.render(caller, row, projection)
                .map(resource -> ScimResponses.builder(200, resource).tag(etag(row)).build()));
    }

    @PUT
    @Path("{id}")
    public Uni<Response> replace(@RestPath String id, byte[] body, @RestHeader("If-Match") String ifMatch,
            @RestQuery String attributes, @RestQuery String excludedAttributes) {
        ScimCaller caller = current.get();
        UUID groupId = JsonBodies.resourceId(id, "Group");
        ObjectNode doc = ResourceNormalizer.normalize(JsonBodies.parse(body), ScimSchemas.GROUP_TYPE, groupId.toString());
        Projection projection = Projection.parse(attributes, excludedAttributes, ScimSchemas.GROUP_TYPE);
        return provisioning.replace(caller, groupId, doc, ifMatch).flatMap(row -> queries.render(caller, row, projection)
                .map(resource -> ScimResponses.builder(200, resource).tag(etag(row)).build()));
    }

    /**
     * 204 without a body (Microsoft: group PATCH should not return the member list), or 200 with the
     * projected resource when the client asked for one with {@code attributes} / {@code excludedAttributes}.
     */
    @PATCH
    @Path("{id}")
    public Uni<Response> patch(@RestPath String id, byte[] body, @RestHeader("If-Match") String ifMatch,
            @RestQuery String attributes, @RestQuery String excludedAttributes) {
        ScimCaller caller = current.get();
        UUID groupId = JsonBodies.resourceId(id, "Group");
        var operations = PatchRequestParser.parse(JsonBodies.parse(body), groupId.toString());
        boolean withBody = given(attributes) || given(excludedAttributes);
        Projection projection = Projection.parse(attributes, excludedAttributes, ScimSchemas.GROUP_TYPE);
        return provisioning.patch(caller, groupId, operations, ifMatch, withBody ? 200 : 204).flatMap(row -> withBody
                ? queries.render(caller, row, projection)
                        .map(resource -> ScimResponses.builder(200, resource).tag(etag(row)).build())
                : Uni.createFrom().item(Response.noContent().tag(etag(row)).build()));
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@RestPath String id, @RestHeader("If-Match") String ifMatch) {
        ScimCaller caller = current.get();
        UUID groupId = JsonBodies.resourceId(id, "Group");
        return provisioning.delete(caller, groupId, ifMatch).map(done -> Response.noContent().build());
    }

    private static EntityTag etag(GroupRow row) {
        return new EntityTag(Long.toString(row.version()), true);
    }

    private static boolean given(String parameter) {
        return parameter != null && !parameter.isBlank();
    }


}
