package dev.provisioning.admin;

import dev.provisioning.oauth.OAuthClients;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;

/**
 * {@code /admin/organizations/{orgId}/scim-providers/{providerId}/oauth-clients} (product.md §5, §11):
 * a provider's OAuth 2.0 clients for the client credentials grant at {@code POST /oauth/token}.
 */
@WithSession
@Path("/admin/organizations/{orgId}/scim-providers/{providerId}/oauth-clients")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ AdminAccess.PLATFORM_ADMIN, AdminAccess.ORG_ADMIN })
public class OAuthClientResource {
    private final AdminAccess access;
    private final OAuthClients clients;

    public OAuthClientResource(AdminAccess access, OAuthClients clients) {
        this.access = access;
        this.clients = clients;
    }

    /** {@code {name?}} → 201 {@code {clientId, name, clientSecret, createdAt}}; the secret appears only here. */
    @POST
    public Uni<Response> create(@RestPath String orgId, @RestPath String providerId, byte[] body) {
        UUID org = access.organization(orgId);
        UUID provider = AdminAccess.pathId(providerId, "SCIM provider");
        String name = body == null || body.length == 0 ? null : AdminBodies.optionalName(AdminBodies.parse(body), "name");
        return clients.create(org, provider, name).map(created -> Response.status(201).entity(created).build());
    }

    /** The live clients, without their secrets. */
    @GET
    public Uni<List<OAuthClients.Client>> list(@RestPath String orgId, @RestPath String providerId) {
        UUID org = access.organization(orgId);
        return clients.list(org, AdminAccess.pathId(providerId, "SCIM provider"));
    }

    /** 204; the client's tokens stop working within a second on every replica. */
    @DELETE
    @Path("{clientId}")
    public Uni<Response> delete(@RestPath String orgId, @RestPath String providerId, @RestPath String clientId) {
        UUID org = access.organization(orgId);
        return clients.delete(org, AdminAccess.pathId(providerId, "SCIM provider"), AdminAccess.pathId(clientId, "OAuth client"))
                .map(done -> Response.noContent().build());
    }
}
