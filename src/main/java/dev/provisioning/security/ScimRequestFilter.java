package dev.provisioning.security;

import dev.provisioning.provider.ScimCaller;
import dev.provisioning.ops.RequestRecord;
import dev.provisioning.ops.ScimConfig;
import dev.provisioning.ops.ScimMetrics;
import dev.provisioning.ops.ScimMetrics.AuthFailure;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.web.ScimResponses;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.Locale;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Runs before any SCIM resource: checks the body size and media type, authenticates the API key
 * (product.md §4.3), resolves the provider it acts as for this base URL (§4.1), applies the rate
 * limit, and maps {@code /scim/v2/providers/{id}/...} onto the one set of SCIM resources.
 */
public class ScimRequestFilter {
    static final String SCIM_ROOT = "/scim/v2";
    private static final String PROVIDERS = SCIM_ROOT + "/providers/";
    static final int MAX_TOKEN_LENGTH = 8192;

    private final ScimAuthenticators authenticator;
    private final ProviderRateLimiter rateLimiter;
    private final ScimConfig config;
    private final CurrentCaller current;
    private final ScimMetrics metrics;
    private final RateLimitGate gate;

    public ScimRequestFilter(ScimAuthenticators authenticator, ProviderRateLimiter rateLimiter, ScimConfig config,
            CurrentCaller current, ScimMetrics metrics, RateLimitGate gate) {
        this.gate = gate;
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.config = config;
        this.current = current;
        this.metrics = metrics;
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> authenticate(ContainerRequestContext request, HttpServerRequest http) {
        // the raw path and the origin as Vert.x has them: UriInfo would parse a java.net.URI for each
        // (about 3 % of a lookup's CPU, bench/RESULTS.md)
        String path = http.path();
        if (path == null || !path.equals(SCIM_ROOT) && !path.startsWith(SCIM_ROOT + "/")) {
            return Uni.createFrom().nullItem();
        }
        try {
            checkBody(request);
        } catch (ScimException e) {
            return Uni.createFrom().item(ScimResponses.error(e));
        }
        UUID pathProvider;
        String basePath;
        String rest;
        if (path.startsWith(PROVIDERS)) {
            String tail = path.substring(PROVIDERS.length());
            int slash = tail.indexOf('/');
            String id = slash < 0 ? tail : tail.substring(0, slash);
            rest = slash < 0 ? "" : tail.substring(slash);
            basePath = PROVIDERS + id;
            pathProvider = parseUuid(id);
            if (pathProvider == null) {
                metrics.authFailure(AuthFailure.WRONG_PROVIDER);
                return Uni.createFrom().item(ScimResponses.error(unauthorized()));
            }
        } else {
            pathProvider = null;
            basePath = SCIM_ROOT;
            rest = path.substring(SCIM_ROOT.length());
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String token = bearerToken(authorization);
        if (token == null) {
            metrics.authFailure(authorization == null || authorization.isBlank() ? AuthFailure.MISSING : AuthFailure.MALFORMED);
            return Uni.createFrom().item(ScimResponses.error(
                    ScimException.unauthorized("Missing or malformed Authorization header: send 'Authorization: Bearer <token>'")));
        }
        Uni<Response> decided = authenticator.authenticate(token, pathProvider).map(found -> {
            try {
                ScimPrincipal key = found.filter(k -> !k.revoked()).orElseThrow(() -> {
                    metrics.authFailure(found.isPresent() ? AuthFailure.REVOKED : AuthFailure.UNKNOWN);
                    return unauthorized();
                });
                UUID provider = key.actingProviderId();
                RequestRecord.current().ifPresent(record -> record.actingFor(key.organizationId(), provider));
                if (pathProvider != null && !pathProvider.equals(provider)) {
                    metrics.authFailure(AuthFailure.WRONG_PROVIDER);
                    throw unauthorized();
                }
                if (!key.scimEnabled()) {
                    metrics.authFailure(AuthFailure.FORBIDDEN);
                    throw ScimException.forbidden("The SCIM add-on is not enabled for this organization");
                }
                if (provider == null) {
                    metrics.authFailure(AuthFailure.FORBIDDEN);
                    throw ScimException.forbidden(key.defaultProviderId() == null
                            ? "The organization has no default SCIM provider"
                            : "This API key lacks the manage_users permission needed for SCIM provisioning");
                }
                boolean passed = RequestRecord.current().map(RequestRecord::hasPassedRateLimit).orElse(false);
                long wait = passed ? 0 : rateLimiter.acquire(provider);
                if (wait > 0) {
                    metrics.rateLimited();
                    return RateLimitGate.tooManyRequests(wait);
                }
                current.set(new ScimCaller(key.organizationId(), provider, key.keyId(), key.multiScimEnabled(),
                        baseUrl(http, basePath)));
                if (pathProvider != null) {
                    URI original = request.getUriInfo().getRequestUri();
                    request.setRequestUri(UriBuilder.fromUri(original).replacePath(SCIM_ROOT + rest).build());
                }
                return null;
            } catch (ScimException e) {
                return ScimResponses.error(e);
            }
        });
        // a 429 is held for scim.rate-limit.rejection-delay (on a Vert.x timer) like RateLimitGate's
        return decided.onItem().transformToUni(response -> response != null && response.getStatus() == 429
                ? gate.hold(response) : Uni.createFrom().item(response));
    }

    private void checkBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > config.maxBodySize()) {
                    throw ScimException.payloadTooLarge("Request body exceeds the limit of " + config.maxBodySize() + " bytes");
                }
            } catch (NumberFormatException ignored) {
                // Vert.x rejects malformed lengths itself
            }
        }
        String method = request.getMethod();
        if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
            if (type != null && !type.isBlank() && !isJson(type)) {
                throw ScimException.unsupportedMediaType(
                        "Unsupported Content-Type '" + type + "'; send application/scim+json or application/json");
            }
        }
    }

    static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/scim+json") || type.equals("application/json");
    }

    private String baseUrl(HttpServerRequest http, String basePath) {
        if (config.publicBaseUrl().isPresent()) {
            String configured = config.publicBaseUrl().get();
            return (configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured) + basePath;
        }
        return origin(http.absoluteURI()) + basePath;
    }

    /** {@code scheme://authority} of an absolute URI, e.g. {@code https://host:8443} of {@code https://host:8443/scim/v2/Users?x}. */
    static String origin(String absoluteUri) {
        int authority = absoluteUri.indexOf("://") + 3;
        int end = authority;
        while (end < absoluteUri.length() && "/?#".indexOf(absoluteUri.charAt(end)) < 0) {
            end++;
        }
        return absoluteUri.substring(0, end);
    }

    static String bearerToken(String header) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        if (value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = value.substring(7).trim();
        // API keys are short; an Entra-issued JWT is often 1.5-2 KB
        return token.isEmpty() || token.length() > MAX_TOKEN_LENGTH ? null : token;
    }

    static UUID parseUuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ScimException unauthorized() {
        return ScimException.unauthorized("Unknown or revoked API key, or the key does not act for this SCIM provider");
    }
}
