package dev.provisioning.web;

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
 * Reads the body of every SCIM request that has one, counting bytes as they arrive: past
 * {@code scim.max-body-size} the request is answered 413 with a SCIM error body at once and the
 * connection closed, so a body above the limit is never read whole, whether it announced its length
 * ({@code security.ScimRequestFilter} refuses that before authentication) or comes chunked (product.md
 * §9). A body within the limit is handed to the resource as it was read. Runs after the API-key
 * check: an unauthenticated client gets its 401 without the service reading a byte of its body.
 */
public class BodyLimit {
    private final ScimConfig config;

    public BodyLimit(ScimConfig config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.USER + 100)
    public Uni<Response> readWithinLimit(ContainerRequestContext context, HttpServerRequest request) {
        String path = request.path();
        if (path == null || !(path.equals("/scim/v2") || path.startsWith("/scim/v2/")) || request.isEnded()
                || !hasBody(request)) {
            return Uni.createFrom().nullItem();
        }
        long limit = config.maxBodySize();
        return Uni.createFrom().emitter(emitter -> {
            Buffer body = Buffer.buffer();
            boolean[] refused = {false};
            request.handler(chunk -> {
                if (refused[0]) {
                    return;  // the rest of a refused body is dropped until the connection closes
                }
                if ((long) body.length() + chunk.length() > limit) {
                    refused[0] = true;
                    emitter.complete(Response.fromResponse(ScimResponses.error(ScimException.payloadTooLarge(
                            "Request body exceeds the limit of " + limit + " bytes"))).header("Connection", "close").build());
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
}
