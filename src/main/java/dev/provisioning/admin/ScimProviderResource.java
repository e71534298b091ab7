package dev.provisioning.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.web.AdminException;
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
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** {@code /admin/organizations/{orgId}/scim-providers}: providers, their keys and their events (product.md §5). */
@WithSession
@Path("/admin/organizations/{orgId}/scim-providers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ AdminAccess.PLATFORM_ADMIN, AdminAccess.ORG_ADMIN })
public class ScimProviderResource {
    static final int DEFAULT_EVENTS_PAGE = 50;

    private final AdminAccess access;
    private final ProviderAdmin providers;
    private final PublicBase publicBase;

    public ScimProviderResource(AdminAccess access, ProviderAdmin providers, PublicBase publicBase) {
        this.access = access;
        this.providers = providers;
        this.publicBase = publicBase;
    }

    @GET
    public Uni<List<AdminViews.ScimProvider>> list(@RestPath String orgId, UriInfo uri) {
        return providers.list(access.organization(orgId), publicBase(uri));
    }

    @POST
    public Uni<Response> create(@RestPath String orgId, @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = AdminRequests.Named.class))) byte[] body, UriInfo uri) {
        UUID org = access.organization(orgId);
        String name = AdminBodies.requiredName(AdminBodies.parse(body), "name");
        return providers.create(org, name, publicBase(uri)).map(provider -> Response.status(201).entity(provider).build());
    }

    @GET
    @Path("{providerId}")
    public Uni<AdminViews.ScimProvider> get(@RestPath String orgId, @RestPath String providerId, UriInfo uri) {
        UUID org = access.organization(orgId);
        return providers.get(org, AdminAccess.pathId(providerId, "SCIM provider"), publicBase(uri));
    }

    @PATCH
    @Path("{providerId}")
    public Uni<AdminViews.ScimProvider> update(@RestPath String orgId, @RestPath String providerId, @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = AdminRequests.UpdateProvider.class))) byte[] body, UriInfo uri) {
        UUID org = access.organization(orgId);
        UUID provider = AdminAccess.pathId(providerId, "SCIM provider");
        ObjectNode request = AdminBodies.parse(body);
        String name = AdminBodies.optionalName(request, "name");
        boolean setTeam = request.has("defaultTeamId");
        UUID team = AdminBodies.nullableUuid(request, "defaultTeamId", false);
        boolean setTenant = request.has("entraTenantId");
        UUID tenant = AdminBodies.nullableEntraTenantId(request, "entraTenantId");
        return providers.update(org, provider, name, setTeam, team, setTenant, tenant, publicBase(uri));
    }

    @DELETE
    @Path("{providerId}")
    public Uni<Response> delete(@RestPath String orgId, @RestPath String providerId) {
        UUID org = access.organization(orgId);
        return providers.delete(org, AdminAccess.pathId(providerId, "SCIM provider")).map(done -> Response.noContent().build());
    }

    @POST
    @Path("{providerId}/api-keys")
    public Uni<Response> createKey(@RestPath String orgId, @RestPath String providerId, @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = AdminRequests.CreateProviderKey.class))) byte[] body) {
        UUID org = access.organization(orgId);
        UUID provider = AdminAccess.pathId(providerId, "SCIM provider");
        String name = body == null || body.length == 0 ? null : AdminBodies.optionalName(AdminBodies.parse(body), "name");
        return providers.createKey(org, provider, name).map(key -> Response.status(201).entity(key).build());
    }

    @GET
    @Path("{providerId}/api-keys")
    public Uni<List<AdminViews.ApiKey>> listKeys(@RestPath String orgId, @RestPath String providerId) {
        UUID org = access.organization(orgId);
        return providers.listKeys(org, AdminAccess.pathId(providerId, "SCIM provider"));
    }

    @DELETE
    @Path("{providerId}/api-keys/{keyId}")
    public Uni<Response> revokeKey(@RestPath String orgId, @RestPath String providerId, @RestPath String keyId) {
        UUID org = access.organization(orgId);
        return providers.revokeKey(org, AdminAccess.pathId(providerId, "SCIM provider"), AdminAccess.pathId(keyId, "API key"))
                .map(done -> Response.noContent().build());
    }

    @GET
    @Path("{providerId}/events")
    public Uni<AdminViews.EventPage> events(@RestPath String orgId, @RestPath String providerId, @RestQuery String limit,
            @RestQuery String before) {
        UUID org = access.organization(orgId);
        UUID provider = AdminAccess.pathId(providerId, "SCIM provider");
        int size = DEFAULT_EVENTS_PAGE;
        if (limit != null && !limit.isBlank()) {
            try {
                size = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > ProviderAdmin.MAX_EVENTS_PAGE) {
                throw AdminException.badRequest("limit", "limit must be a whole number from 1 to " + ProviderAdmin.MAX_EVENTS_PAGE);
            }
        }
        Long cursor = null;
        if (before != null && !before.isBlank()) {
            try {
                cursor = Long.parseLong(before.trim());
            } catch (NumberFormatException e) {
                throw AdminException.badRequest("before", "before must be the 'next' value of a previous page");
            }
        }
        return providers.events(org, provider, size, cursor);
    }

    private String publicBase(UriInfo uri) {
        return publicBase.of(uri);
    }
}
