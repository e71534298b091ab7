package dev.provisioning.ops;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The first handler of every HTTP request (product.md §8.2): gives it a request id (the client's
 * {@code X-Request-Id} when sane, else a new one), echoes it, puts it in the MDC so that every log
 * line of the request carries it, and when a SCIM or admin request ends writes its one access line
 * (category {@code scim.access}, INFO) and, for SCIM, its {@code scim_requests_seconds} sample.
 *
 * <p>The access line names the request by its route template, never by its path or query: paths
 * hold ids a client chose and filters hold emails. Its fields go to the MDC of that one line
 * ({@code requestId, method, route, status, durationMs, organizationId, providerId}), which the
 * JSON log format prints as fields; the message repeats them for the plain-text development format.
 */
@ApplicationScoped
public class AccessLog {
    public static final String CATEGORY = "scim.access";
    static final String MDC_REQUEST_ID = "requestId";
    /** Where Quarkus REST leaves the matched resource template for observability (its {@code ObservabilityHandler}). */
    private static final String URL_PATH_TEMPLATE = "UrlPathTemplate";
    static final String ADMIN_UNMATCHED = "/admin/{unmatched}";
    /** Runs before Quarkus' own filters, so that the request id is there for anything they log. */
    private static final int PRIORITY = 10_000;
    private static final Pattern ADMIN_IDS = Pattern.compile(
            "^/admin/organizations/([0-9a-fA-F-]{36})(?:/scim-providers/([0-9a-fA-F-]{36}))?(?:/.*)?$");
    private static final Logger ACCESS = Logger.getLogger(CATEGORY);

    private final ScimMetrics metrics;

    public AccessLog(ScimMetrics metrics) {
        this.metrics = metrics;
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    void handle(RoutingContext rc) {
        String requestId = RequestIds.takeOrGenerate(rc.request().getHeader(RequestIds.HEADER));
        RequestRecord record = new RequestRecord(requestId, System.nanoTime());
        record.attach();
        MDC.put(MDC_REQUEST_ID, requestId);
        rc.response().putHeader(RequestIds.HEADER, requestId);
        String path = rc.request().path();
        boolean scim = path != null && ScimRoutes.isScim(path);
        boolean admin = path != null && (path.equals("/admin") || path.startsWith("/admin/"));
        if (scim || admin) {
            String method = rc.request().method().name();
            rc.addEndHandler(ended -> ended(rc, record, method, path, scim, ended.succeeded()));
        }
        rc.next();
    }

    private void ended(RoutingContext rc, RequestRecord record, String method, String path, boolean scim, boolean answered) {
        long nanos = System.nanoTime() - record.startNanos();
        HttpServerResponse response = rc.response();
        // 499 (as nginx logs it): the client went away before the answer was complete
        int status = answered ? response.getStatusCode() : 499;
        String route = route(rc, method, path);
        UUID organization = record.organizationId();
        UUID provider = record.providerId();
        if (scim) {
            ScimRoutes.Route classified = ScimRoutes.classify(method, path).orElseThrow();
            if (classified.measured()) {
                metrics.request(classified.resource(), classified.operation(), status, nanos);
            }
        } else {
            Matcher ids = ADMIN_IDS.matcher(path);
            if (ids.matches()) {
                organization = uuid(ids.group(1));
                provider = uuid(ids.group(2));
            }
        }
        log(record.requestId(), method, route, status, nanos / 1_000_000, organization, provider);
    }

    private static void log(String requestId, String method, String route, int status, long durationMs, UUID organization,
            UUID provider) {
        if (!ACCESS.isInfoEnabled()) {
            return;
        }
        // The end handler may run after the request's MDC is gone: the line carries its own copy of everything.
        Object previousId = MDC.get(MDC_REQUEST_ID);
        MDC.put(MDC_REQUEST_ID, requestId);
        MDC.put("method", method);
        MDC.put("route", route);
        MDC.put("status", Integer.toString(status));
        MDC.put("durationMs", Long.toString(durationMs));
        if (organization != null) {
            MDC.put("organizationId", organization.toString());
        }
        if (provider != null) {
            MDC.put("providerId", provider.toString());
        }
        try {
            // Built by hand: a printf-style message would run java.util.Formatter on every request.
            ACCESS.info(new StringBuilder(160).append(method).append(' ').append(route).append(' ').append(status)
                    .append(' ').append(durationMs).append("ms org=").append(organization == null ? "-" : organization)
                    .append(" provider=").append(provider == null ? "-" : provider).toString());
        } finally {
            MDC.remove("method");
            MDC.remove("route");
            MDC.remove("status");
            MDC.remove("durationMs");
            MDC.remove("organizationId");
            MDC.remove("providerId");
            if (previousId == null) {
                MDC.remove(MDC_REQUEST_ID);
            }
        }
    }

    /**
     * The route template of a request, for log lines: the SCIM template, else the JAX-RS template
     * that Quarkus REST matched (e.g. {@code /admin/organizations/{orgId}/teams}), else
     * {@code {unmatched}}; never the path itself, which a client chose.
     */
    public static String route(String method, String path) {
        return route(null, method, path);
    }

    private static String route(RoutingContext rc, String method, String path) {
        Optional<ScimRoutes.Route> scim = ScimRoutes.classify(method, path);
        if (scim.isPresent()) {
            return scim.get().template();
        }
        return template(rc).orElse(path != null && path.startsWith("/admin") ? ADMIN_UNMATCHED : "/{unmatched}");
    }

    private static Optional<String> template(RoutingContext rc) {
        if (VertxContext.isOnDuplicatedContext()) {
            Optional<String> local = ContextLocals.get(URL_PATH_TEMPLATE);
            if (local.isPresent()) {
                return local;
            }
        }
        if (rc == null) {
            return Optional.empty();
        }
        if (rc.request() instanceof io.vertx.core.http.impl.HttpServerRequestInternal internal) {
            Object template = internal.context().getLocal(URL_PATH_TEMPLATE);
            if (template instanceof String text) {
                return Optional.of(text);
            }
        }
        return Optional.ofNullable(rc.get(URL_PATH_TEMPLATE));
    }

    private static UUID uuid(String text) {
        if (text == null) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
