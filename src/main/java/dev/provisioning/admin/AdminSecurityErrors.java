package dev.provisioning.admin;

import dev.provisioning.web.ErrorMappers.AdminErrors;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Quarkus security's own 401/403 as admin error bodies. With {@code quarkus.http.auth.proactive=false}
 * the JWT is only verified when {@code @RolesAllowed} asks for the identity, inside the REST
 * handler chain, so these exceptions reach the mappers (with proactive authentication they would not).
 */
public class AdminSecurityErrors {

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthenticated(RuntimeException exception) {
        return Response.fromResponse(AdminErrors.response(401,
                        "Missing, invalid or expired bearer token: send 'Authorization: Bearer <admin JWT>'", null))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper(ForbiddenException.class)
    public Response forbidden(ForbiddenException exception) {
        return AdminErrors.response(403, "The admin API needs a token with the platform-admin or org-admin role", null);
    }
}
