package dev.provisioning.web;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.provisioning.scim.message.InputQuotes;
import dev.provisioning.scim.message.ScimErrorBody;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * A request target that is not an RFC 3986 URI (a raw {@code "}, {@code <}, {@code |} or space, a
 * {@code %} not followed by two hex digits) cannot be parsed by the REST layer, which would answer
 * an empty 400. Such requests are answered here, before any resource, with 400 in the error
 * language of their API: a SCIM error body under {@code /scim}, {@code {message}} under
 * {@code /admin} and an RFC 6749 §5.2 body at {@code /oauth/token} (product.md §9).
 */
@ApplicationScoped
public class MalformedUris {
    /** After the access log (10 000), so that these answers are logged and counted like any other. */
    private static final int PRIORITY = 9_000;

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    /** Vert.x Web fails a request whose path it cannot decode with 400 before any filter runs; that failure is answered here. */
    void routes(@Observes io.vertx.ext.web.Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(rc -> {
            if (rc.statusCode() == 400 && rc.failure() == null && !rc.response().headWritten()) {
                check(rc);
                if (rc.response().ended()) {
                    return;
                }
            }
            rc.next();
        });
    }

    void check(RoutingContext rc) {
        String path = rc.request().path();
        String uri = rc.request().uri();
        if (path == null || uri == null || !(isScim(path) || isAdmin(path) || path.startsWith("/oauth/"))) {
            rc.next();
            return;
        }
        try {
            new URI(uri);
            if (rc.failed()) {
                return;
            }
            rc.next();
        } catch (URISyntaxException malformed) {
            String message = "The request target is not a valid URI (RFC 3986): " + malformed.getReason()
                    + " at index " + malformed.getIndex() + " of '" + InputQuotes.quote(uri) + "'";
            String type;
            String body;
            if (isScim(path)) {
                type = ScimResponses.CONTENT_TYPE;
                body = ScimErrorBody.of(400, null, message).toString();
            } else if (isAdmin(path)) {
                type = "application/json";
                body = JsonNodeFactory.instance.objectNode().put("message", message).toString();
            } else {
                type = "application/json;charset=UTF-8";
                body = JsonNodeFactory.instance.objectNode().put("error", "invalid_request").put("error_description", message).toString();
            }
            rc.response().setStatusCode(400).putHeader("Content-Type", type).end(body);
        }
    }

    private static boolean isScim(String path) {
        return path.equals("/scim") || path.startsWith("/scim/");
    }

    private static boolean isAdmin(String path) {
        return path.equals("/admin") || path.startsWith("/admin/");
    }
}
