package dev.provisioning.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.provisioning.oauth.TokenResource;
import dev.provisioning.ops.AccessLog;
import dev.provisioning.ops.RequestIds;
import dev.provisioning.ops.RequestRecord;
import dev.provisioning.persistence.DatabaseFailures;
import dev.provisioning.scim.message.InputQuotes;
import dev.provisioning.scim.message.ScimException;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.UriInfo;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become responses. Under {@code /scim} every failure, framework
 * ones included, leaves as a SCIM error body (RFC 7644 §3.12); under {@code /admin} as
 * {@code {"message": ..., "field": ...}} (product.md §5); at {@code /oauth/token} as RFC 6749 §5.2
 * {@code {"error": ..., "error_description": ...}}. 5xx are logged with a request id and
 * never echo internals.
 */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    /** The service recovers within 5 s of the database's return (product.md §9). */
    static final int DATABASE_RETRY_AFTER_SECONDS = 5;

    private final AllowedMethods allowedMethods;

    public ErrorMappers(AllowedMethods allowedMethods) {
        this.allowedMethods = allowedMethods;
    }

    @ServerExceptionMapper
    public Response scim(ScimException exception, UriInfo uri, Request request) {
        if (isScim(uri)) {
            return ScimResponses.error(exception);
        }
        return AdminErrors.response(exception.status(), exception.detail(), null);
    }

    @ServerExceptionMapper
    public Response adminError(AdminException exception) {
        return AdminErrors.response(exception.status(), exception.getMessage(), exception.field(), exception.extra());
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException exception, UriInfo uri, Request request) {
        var violation = exception.getConstraintViolations().stream().findFirst();
        String field = violation.map(v -> {
            String path = v.getPropertyPath().toString();
            int dot = path.lastIndexOf('.');
            return dot >= 0 ? path.substring(dot + 1) : path;
        }).orElse(null);
        String message = violation.map(v -> (field == null ? "" : field + " ") + v.getMessage()).orElse("invalid request");
        if (isScim(uri)) {
            return ScimResponses.error(ScimException.invalidValue(message));
        }
        return AdminErrors.response(400, message, field);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException exception, UriInfo uri, Request request) {
        String message = "Request body is not valid JSON: " + exception.getOriginalMessage();
        if (isScim(uri)) {
            return ScimResponses.error(ScimException.invalidSyntax(message));
        }
        return AdminErrors.response(400, message, null);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException exception, UriInfo uri, Request request) {
        // RESTEasy Reactive answers 404, not 405, when the path belongs to a resource class nested under another one's
        // path (…/scim-providers/{id}/oauth-clients/{clientId} under …/scim-providers) and the method is none of its
        java.util.Set<String> allowed = allowedMethods.forPath(path(uri));
        if (!allowed.isEmpty() && !allowed.contains(request.getMethod())) {
            return methodNotAllowed(uri, request, allowed);
        }
        return framework(uri, 404, "No resource at " + path(uri));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException exception, UriInfo uri, Request request) {
        java.util.Set<String> allowed = exception.getResponse().getAllowedMethods();
        if (allowed.isEmpty()) { // RESTEasy Reactive does not name them; RFC 9110 §15.5.6 says a 405 must
            allowed = allowedMethods.forPath(path(uri));
        }
        return methodNotAllowed(uri, request, allowed);
    }

    private static Response methodNotAllowed(UriInfo uri, Request request, java.util.Set<String> allowed) {
        Response response = framework(uri, 405, "Method " + request.getMethod() + " is not allowed on " + path(uri));
        return Response.fromResponse(response).allow(allowed).build();
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException exception, UriInfo uri, Request request) {
        return framework(uri, 415, "Unsupported Content-Type; send application/scim+json or application/json");
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException exception, UriInfo uri, Request request) {
        return framework(uri, 406, "The Accept header excludes every JSON media type");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException exception, UriInfo uri, Request request) {
        int status = exception.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(exception, uri, request);
        }
        return framework(uri, status, exception.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable exception, UriInfo uri, Request request) {
        if (DatabaseFailures.isUnavailable(exception)) {
            return databaseUnavailable(exception, uri, request);
        }
        // the id of the X-Request-Id header and of every log line of this request (product.md §8.2)
        String requestId = RequestRecord.currentId().orElseGet(RequestIds::generate);
        LOG.errorf(exception, "Unexpected failure on %s %s (request id %s)", request.getMethod(),
                AccessLog.route(request.getMethod(), path(uri)), requestId);
        String message = "Internal error (request id " + requestId + ")";
        return framework(uri, 500, message);
    }

    /**
     * PostgreSQL is down, restarting, unreachable or too slow (product.md §9): 503 with {@code Retry-After},
     * logged once per request at DEBUG only (ops.DatabaseAvailability logs the outage itself, once).
     */
    private static Response databaseUnavailable(Throwable exception, UriInfo uri, Request request) {
        LOG.debugf(exception, "Database unavailable on %s %s", request.getMethod(), AccessLog.route(request.getMethod(), path(uri)));
        return Response.fromResponse(framework(uri, 503, "The service cannot reach its database; retry after "
                + DATABASE_RETRY_AFTER_SECONDS + " s")).header("Retry-After", Integer.toString(DATABASE_RETRY_AFTER_SECONDS)).build();
    }

    private static Response framework(UriInfo uri, int status, String message) {
        if (isScim(uri)) {
            return ScimResponses.error(new ScimException(status, null, message));
        }
        if (path(uri).equals(TokenResource.PATH)) { // OAuth clients read RFC 6749 §5.2 bodies there, as for its own errors
            return TokenResource.error(status, status >= 500 ? "server_error" : "invalid_request", InputQuotes.limit(message), false);
        }
        return AdminErrors.response(status, message, null);
    }

    static boolean isScim(UriInfo uri) {
        return path(uri).startsWith("/scim");
    }

    private static String path(UriInfo uri) {
        String path = uri.getPath();
        return path.startsWith("/") ? path : "/" + path;
    }

    /** JSON error bodies of the admin API. */
    public static final class AdminErrors {
        private AdminErrors() {
        }

        public static Response response(int status, String message, String field) {
            return response(status, message, field, Map.of());
        }

        public static Response response(int status, String message, String field, Map<String, Object> extra) {
            var body = new java.util.LinkedHashMap<String, Object>();
            body.put("message", InputQuotes.limit(message));
            if (field != null) {
                body.put("field", field);
            }
            body.putAll(extra);
            return Response.status(status).entity(body).type("application/json").build();
        }
    }
}
