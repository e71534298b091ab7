package dev.provisioning.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.resteasy.reactive.RestPath;

/**
 * {@code /admin/organizations}: organizations, their flags, their API keys and their scope
 * conflicts (product.md §5). Thin: access, body, delegate. {@code GET /admin/organizations} answers
 * every organization to a platform-admin and only its own to an org-admin.
 */
@WithSession
@Path("/admin/organizations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ AdminAccess.PLATFORM_ADMIN, AdminAccess.ORG_ADMIN })
public class OrganizationResource {
    private final AdminAccess access;
    private final OrganizationAdmin organizations;
    private final TeamAdmin teams;

    public OrganizationResource(AdminAccess access, OrganizationAdmin organizations, TeamAdmin teams) {
        this.access = access;
        this.organizations = organizations;
        this.teams = teams;
    }

    @POST
    public Uni<Response> create(@RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = AdminRequests.CreateOrganization.class))) byte[] body) {
        access.requirePlatformAdmin("Creating an organization");
        ObjectNode request = AdminBodies.parse(body);
        String name = AdminBodies.requiredName(request, "name");
        Boolean scim = AdminBodies.optionalBoolean(request, "scimEnabled");
        Boolean multi = AdminBodies.optionalBoolean(request, "multiScimEnabled");
        return organizations.create(name, Boolean.TRUE.equals(scim), Boolean.TRUE.equals(multi))
                .map(org -> Response.status(201).entity(org).build());
    }

    @GET
    public Uni<List<AdminViews.Organization>> list() {
        if (access.isPlatformAdmin()) {
            return organizations.list(null);
        }
        java.util.UUID own = access.ownOrganization();
        if (own == null) {
            throw dev.provisioning.web.AdminException.forbidden("This org-admin token names no organization (claim 'org')");
        }
        return organizations.list(own);
    }

    @GET
    @Path("{orgId}")
    public Uni<AdminViews.Organization> get(@RestPath String orgId) {
        return organizations.get(access.organization(orgId));
    }

    @PATCH
    @Path("{orgId}")
    public Uni<AdminViews.Organization> update(@RestPath String orgId, @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = AdminRequests.UpdateOrganization.class))) byte[] body) {
        var id = access.organization(orgId);
        ObjectNode request = AdminBodies.parse(body);
        if (request.has("scimEnabled") || request.has("multiScimEnabled")) {
            access.requirePlatformAdmin("Switching scimEnabled or multiScimEnabled");
        }
        String name = AdminBodies.optionalName(request, "name");
        Boolean scim = AdminBodies.optionalBoolean(request, "scimEnabled");
        Boolean multi = AdminBodies.optionalBoolean(request, "multiScimEnabled");
        return organizations.update(id, name, scim, multi);
    }

    @POST
    @Path("{orgId}/api-keys")
    public Uni<Response> createKey(@RestPath String orgId, @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = AdminRequests.CreateApiKey.class))) byte[] body) {
        var id = access.organization(orgId);
        ObjectNode request = AdminBodies.parse(body);
        String name = AdminBodies.requiredName(request, "name");
        List<String> permissions = AdminBodies.stringList(request, "permissions");
        for (String permission : permissions) {
            if (!permission.matches("[a-z][a-z0-9_]*")) {
                throw dev.provisioning.web.AdminException.badRequest("permissions",
                        "permissions must be lower-case names such as manage_users; got '" + permission + "'");
            }
        }
        return organizations.createKey(id, name, permissions)
                .map(key -> Response.status(201).entity(new OrgKeyCreated(key.id(), key.name(), key.permissions(), key.token(),
                        key.createdAt())).build());
    }

    /**
     * The §5 answer of an organization key's creation: {@code {id, name, permissions, token, createdAt}}.
     * Registered for reflection: it leaves inside a {@code Response}, so Quarkus cannot see that Jackson writes it.
     */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record OrgKeyCreated(java.util.UUID id, String name, List<String> permissions, String token, java.time.OffsetDateTime createdAt) {
    }

    @GET
    @Path("{orgId}/api-keys")
    public Uni<List<AdminViews.ApiKey>> listKeys(@RestPath String orgId) {
        return organizations.listKeys(access.organization(orgId));
    }

    @DELETE
    @Path("{orgId}/api-keys/{keyId}")
    public Uni<Response> revokeKey(@RestPath String orgId, @RestPath String keyId) {
        var id = access.organization(orgId);
        return organizations.revokeKey(id, AdminAccess.pathId(keyId, "API key")).map(done -> Response.noContent().build());
    }

    @GET
    @Path("{orgId}/conflicts")
    public Uni<List<AdminViews.ScopeConflict>> conflicts(@RestPath String orgId) {
        return teams.conflicts(access.organization(orgId));
    }
}
