package dev.provisioning.oauth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestHeader;

/**
 * {@code POST /oauth/token}: the client credentials grant of RFC 6749 §4.4 (product.md §11), with the
 * client authenticated by HTTP Basic or by {@code client_id}/{@code client_secret} form fields (§2.3.1),
 * never both. Answers {@code {access_token, token_type: "Bearer", expires_in}} with
 * {@code Cache-Control: no-store}; errors as §5.2 words them. Secrets and tokens are never logged.
 */
@WithSession
@Path(TokenResource.PATH)
public class TokenResource {
    /** Where OAuth clients get access tokens, under the service's public base URL (the console shows it for Entra). */
    public static final String PATH = "/oauth/token";

    private final OAuthClients clients;

    public TokenResource(OAuthClients clients) {
        this.clients = clients;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> token(byte[] body, @RestHeader("Content-Type") String contentType,
            @RestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        TokenRequest request;
        try {
            request = TokenRequest.parse(contentType, body == null ? "" : new String(body, StandardCharsets.UTF_8), authorization);
        } catch (TokenRequest.Refusal refusal) {
            return Uni.createFrom().item(error(refusal.status, refusal.error, refusal.getMessage(), refusal.basic));
        }
        UUID clientId = request.clientId();
        if (clientId == null) {
            return Uni.createFrom().item(invalidClient(request.basic()));
        }
        return clients.grant(clientId, request.clientSecret()).map(grant -> grant
                .map(TokenResource::granted)
                .orElseGet(() -> invalidClient(request.basic())));
    }

    private static Response granted(OAuthClients.Grant grant) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("access_token", grant.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", grant.expiresIn());
        return noStore(Response.ok(body.toString(), MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))).build();
    }

    private static Response invalidClient(boolean basic) {
        return error(401, "invalid_client", "Unknown client, or wrong client secret", basic);
    }

    /** RFC 6749 §5.2; a 401 names the Basic scheme (§5.2 requires it when the client used the header; it tells others how). */
    public static Response error(int status, String error, String description, boolean basic) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("error", error);
        body.put("error_description", description);
        Response.ResponseBuilder response = noStore(Response.status(status).entity(body.toString())
                .type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")));
        if (status == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"scim-oauth\"");
        }
        return response.build();
    }

    private static Response.ResponseBuilder noStore(Response.ResponseBuilder response) {
        return response.header("Cache-Control", "no-store").header("Pragma", "no-cache");
    }

    static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
