package dev.provisioning.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.resteasy.reactive.RestPath;

/** {@code /admin/organizations/{orgId}/teams}: teams, the provider managing each, members (product.md §5). */
@WithSession
@Path("/admin/organizations/{orgId}/teams")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ AdminAccess.PLATFORM_ADMIN, AdminAccess.ORG_ADMIN })
public class TeamResource {
    private final AdminAccess access;
    private final TeamAdmin teams;

    public TeamResource(AdminAccess access, TeamAdmin teams) {
        this.access = access;
        this.teams = teams;
    }

    @POST
    public Uni<Response> create(@RestPath String orgId, @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = AdminRequests.Named.class))) byte[] body) {
        UUID org = access.organization(orgId);
        String name = AdminBodies.requiredName(AdminBodies.parse(body), "name");
        return teams.create(org, name).map(team -> Response.status(201).entity(team).build());
    }

    @GET
    public Uni<List<AdminViews.Team>> list(@RestPath String orgId) {
        return teams.list(access.organization(orgId));
    }

    @PUT
    @Path("{teamId}/scim-provider")
    public Uni<AdminViews.Team> assign(@RestPath String orgId, @RestPath String teamId, @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = AdminRequests.AssignProvider.class))) byte[] body) {
        UUID org = access.organization(orgId);
        UUID team = AdminAccess.pathId(teamId, "Team");
        ObjectNode request = AdminBodies.parse(body);
        return teams.assign(org, team, AdminBodies.nullableUuid(request, "scimProviderId", true));
    }

    @PUT
    @Path("{teamId}/members/{userId}")
    public Uni<Response> addMember(@RestPath String orgId, @RestPath String teamId, @RestPath String userId) {
        UUID org = access.organization(orgId);
        return teams.addMember(org, AdminAccess.pathId(teamId, "Team"), AdminAccess.pathId(userId, "User"))
                .map(done -> Response.noContent().build());
    }

    @DELETE
    @Path("{teamId}/members/{userId}")
    public Uni<Response> removeMember(@RestPath String orgId, @RestPath String teamId, @RestPath String userId) {
        UUID org = access.organization(orgId);
        return teams.removeMember(org, AdminAccess.pathId(teamId, "Team"), AdminAccess.pathId(userId, "User"))
                .map(done -> Response.noContent().build());
    }
}
