package dev.provisioning.web;

import dev.provisioning.oauth.TokenResource;
import dev.provisioning.ops.ScimConfig;
import dev.provisioning.scim.message.ScimException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Reads the body of every SCIM, admin and token request that has one, counting bytes as they
 * arrive (product.md §9): a body announced above the limit by {@code Content-Length} is refused
 * with 413 before a byte of it is read, one that comes chunked as soon as it passes the limit; the
 * connection is closed after the 413, so a body above the limit is never read whole. The 413
 * speaks each API's error language: a SCIM error body under {@code /scim}, {@code {message}} under
 * {@code /admin}, an RFC 6749 §5.2 body at {@code /oauth/token}. A body within the limit is handed
 * to the resource as it was read. Runs after the API-key check ({@code security.ScimRequestFilter}):
 * an unauthenticated SCIM client gets its 401 without the service reading its body.
 */
public class BodyLimit {
    /** A token request is a few form fields; nothing legitimate comes near this. */
    public static final int TOKEN_REQUEST_MAX = 16 * 1024;

    private final ScimConfig config;

    public BodyLimit(ScimConfig config) {
        this.config = config;
    }

    /** The APIs whose bodies are limited here, each with its limit and its way of saying 413. */
    private enum Area {
        SCIM, ADMIN, TOKEN;

        static Area of(String path) {
            if (path == null) {
                return null;
            }
            if (path.equals("/scim/v2") || path.startsWith("/scim/v2/")) {
                return SCIM;
            }
            if (path.equals("/admin") || path.startsWith("/admin/")) {
                return ADMIN;
            }
            return path.equals(TokenResource.PATH) ? TOKEN : null;
        }

        Response tooLarge(long limit) {
            String message = "Request body exceeds the limit of " + limit + " bytes";
            Response response = switch (this) {
                case SCIM -> ScimResponses.error(ScimException.payloadTooLarge(message));
                case ADMIN -> ErrorMappers.AdminErrors.response(413, message, null);
                case TOKEN -> TokenResource.error(413, "invalid_request", message, false);
            };
            return Response.fromResponse(response).header("Connection", "close").build();
        }
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.USER + 100)
    public Uni<Response> readWithinLimit(ContainerRequestContext context, HttpServerRequest request) {
        Area area = Area.of(request.path());
        if (area == null || request.isEnded() || !hasBody(request)) {
            return Uni.createFrom().nullItem();
        }
        long limit = area == Area.TOKEN ? Math.min(TOKEN_REQUEST_MAX, config.maxBodySize()) : config.maxBodySize();
        if (announcedLength(request) > limit) {
            return Uni.createFrom().item(area.tooLarge(limit));
        }
        return Uni.createFrom().emitter(emitter -> {
            Buffer body = Buffer.buffer();
            boolean[] refused = {false};
            request.handler(chunk -> {
                if (refused[0]) {
                    return;  // the rest of a refused body is dropped until the connection closes
                }
                if ((long) body.length() + chunk.length() > limit) {
                    refused[0] = true;
                    emitter.complete(area.tooLarge(limit));
                    return;
                }
                body.appendBuffer(chunk);
            });
            request.exceptionHandler(failure -> {
                if (!refused[0]) {
                    refused[0] = true;
                    emitter.fail(failure);
                }
            });
            request.endHandler(ended -> {
                if (!refused[0]) {
                    context.setEntityStream(new ByteArrayInputStream(body.getBytes()));
                    emitter.complete(null);
                }
            });
            if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
                request.response().writeContinue();
            }
            request.resume();
        });
    }

    /** A body is announced by a non-zero Content-Length or by Transfer-Encoding (chunked). */
    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length != null) {
            return !length.trim().equals("0");
        }
        return request.getHeader("Transfer-Encoding") != null;
    }

    /** The Content-Length, or -1 without one (Vert.x itself refuses a malformed one). */
    private static long announcedLength(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException malformed) {
            return -1;
        }
    }
}
