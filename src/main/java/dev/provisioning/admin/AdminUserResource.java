package dev.provisioning.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisioning.web.AdminException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import org.jboss.resteasy.reactive.RestQuery;

/** {@code /admin/organizations/{orgId}/users}: product users, their SCIM link and status (product.md §5). */
@WithSession
@Path("/admin/organizations/{orgId}/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ AdminAccess.PLATFORM_ADMIN, AdminAccess.ORG_ADMIN })
public class AdminUserResource {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final AdminAccess access;
    private final UserAdmin users;

    public AdminUserResource(AdminAccess access, UserAdmin users) {
        this.access = access;
        this.users = users;
    }

    @POST
    public Uni<Response> create(@RestPath String orgId, @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = AdminRequests.CreateUser.class))) byte[] body) {
        UUID org = access.organization(orgId);
        ObjectNode request = AdminBodies.parse(body);
        String email = AdminBodies.requiredEmail(request, "email");
        String displayName = AdminBodies.optionalName(request, "displayName");
        String role = AdminBodies.role(request, "role");
        return users.create(org, email, displayName, role).map(user -> Response.status(201).entity(user).build());
    }

    @GET
    public Uni<List<AdminViews.User>> list(@RestPath String orgId, @RestQuery String email, @RestQuery String limit) {
        UUID org = access.organization(orgId);
        int size = DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            try {
                size = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > MAX_LIMIT) {
                throw AdminException.badRequest("limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        return users.list(org, email == null || email.isBlank() ? null : email, size);
    }

    @GET
    @Path("{userId}")
    public Uni<AdminViews.User> get(@RestPath String orgId, @RestPath String userId) {
        UUID org = access.organization(orgId);
        return users.get(org, AdminAccess.pathId(userId, "User"));
    }
}
