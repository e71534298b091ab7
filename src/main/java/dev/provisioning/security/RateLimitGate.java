package dev.provisioning.security;

import dev.provisioning.ops.RequestRecord;
import dev.provisioning.ops.ScimConfig;
import dev.provisioning.ops.ScimMetrics;
import dev.provisioning.ops.ScimRoutes;
import dev.provisioning.scim.message.ScimErrorBody;
import dev.provisioning.scim.message.ScimException;
import dev.provisioning.web.ScimResponses;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.UUID;

/**
 * The per-provider rate limit's cheap side (product.md §9, noisy neighbours): a provider far beyond
 * its limit must not take the CPU that other providers need, so its 429s cost as little as possible.
 *
 * <p>A Vert.x filter, run right after the access log's and before Quarkus REST: a SCIM request without
 * a body whose API key this replica already knows (cached by {@link ApiKeyAuthenticator}, no database
 * round trip) takes its place in the provider's bucket here. Let through, it is marked on its
 * {@link RequestRecord} so that {@link ScimRequestFilter} does not charge it twice; refused, it is answered
 * 429 here, with the same SCIM error body and {@code Retry-After} as {@link ScimRequestFilter}'s, without
 * reaching Quarkus REST. Anything else (an unknown or revoked key, a JWT, a wrong provider, a request with
 * a body) goes the normal way, where {@link ScimRequestFilter} decides.
 *
 * <p>Every 429, here or there, is held for {@code scim.rate-limit.rejection-delay} on a Vert.x timer
 * before it is sent: a client that ignores {@code Retry-After} can then only ask a few times per second
 * on each connection. The access line and {@code scim_requests_seconds} still record every 429.
 */
@ApplicationScoped
public class RateLimitGate {
    /** After {@code ops.AccessLog} (10 000), which gives the request its id and record. */
    private static final int PRIORITY = 9_000;
    private static final String PROVIDERS = ScimRequestFilter.SCIM_ROOT + "/providers/";
    private static final int CACHED_BODIES = 60;

    private final ApiKeyAuthenticator apiKeys;
    private final ProviderRateLimiter limiter;
    private final ScimMetrics metrics;
    private final Vertx vertx;
    private final long delayMillis;
    private final byte[][] bodies = new byte[CACHED_BODIES + 1][];

    public RateLimitGate(ApiKeyAuthenticator apiKeys, ProviderRateLimiter limiter, ScimMetrics metrics, Vertx vertx,
            ScimConfig config) {
        this.apiKeys = apiKeys;
        this.limiter = limiter;
        this.metrics = metrics;
        this.vertx = vertx;
        this.delayMillis = Math.max(0, config.rateLimit().rejectionDelay().toMillis());
        for (int wait = 1; wait <= CACHED_BODIES; wait++) {
            bodies[wait] = ScimResponses.bytes(ScimErrorBody.of(exceeded(wait)));
        }
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    /** The 429 of a provider over its limit, with {@code Retry-After: wait}. */
    static Response tooManyRequests(long wait) {
        return Response.fromResponse(ScimResponses.error(exceeded(wait))).header("Retry-After", Long.toString(wait)).build();
    }

    private static ScimException exceeded(long wait) {
        return ScimException.tooManyRequests("Rate limit of the SCIM provider exceeded; retry after " + wait + " s");
    }

    /** {@code response} (a 429) after the rejection delay. */
    Uni<Response> hold(Response response) {
        if (delayMillis == 0) {
            return Uni.createFrom().item(response);
        }
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(delayMillis, id -> emitter.complete(response)));
    }

    void handle(RoutingContext rc) {
        Optional<Refusal> refusal = limiter.enabled() ? decide(rc.request()) : Optional.empty();
        if (refusal.isEmpty()) {
            rc.next();
            return;
        }
        metrics.rateLimited();
        long wait = refusal.get().retryAfter();
        byte[] body = wait <= CACHED_BODIES ? bodies[(int) wait] : ScimResponses.bytes(ScimErrorBody.of(exceeded(wait)));
        HttpServerResponse response = rc.response();
        Runnable send = () -> {
            if (!response.ended() && !response.closed()) {
                response.setStatusCode(429)
                        .putHeader(HttpHeaders.CONTENT_TYPE, ScimResponses.CONTENT_TYPE)
                        .putHeader("Retry-After", Long.toString(wait))
                        .end(Buffer.buffer(body));
            }
        };
        if (delayMillis == 0) {
            send.run();
        } else {
            vertx.setTimer(delayMillis, id -> send.run());
        }
    }

    private record Refusal(long retryAfter) {
    }

    /** Empty: the request goes on (let through, or left for {@link ScimRequestFilter} to decide). */
    private Optional<Refusal> decide(HttpServerRequest request) {
        String path = request.path();
        if (path == null || !ScimRoutes.isScim(path) || hasBody(request)) {
            return Optional.empty();
        }
        String token = ScimRequestFilter.bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null || JwtShape.issuer(token).isPresent()) {
            return Optional.empty();
        }
        Optional<ApiKeyPrincipal> cached = apiKeys.cached(token);
        if (cached.isEmpty()) {
            return Optional.empty();
        }
        ApiKeyPrincipal key = cached.get();
        UUID provider = key.actingProviderId();
        if (key.revoked() || !key.scimEnabled() || provider == null || !actsAt(provider, path)) {
            return Optional.empty();
        }
        Optional<RequestRecord> record = RequestRecord.current();
        long wait = limiter.acquire(provider);
        if (wait == 0) {
            record.ifPresent(RequestRecord::rateLimitPassed);
            return Optional.empty();
        }
        record.ifPresent(r -> r.actingFor(key.organizationId(), provider));
        return Optional.of(new Refusal(wait));
    }

    private static boolean hasBody(HttpServerRequest request) {
        if (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            return true;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length != null && !length.trim().equals("0");
    }

    /** Whether {@code path} is the provider's: the plain base URL, or {@code /scim/v2/providers/{its id}/...}. */
    private static boolean actsAt(UUID provider, String path) {
        if (!path.startsWith(PROVIDERS)) {
            return true;
        }
        String tail = path.substring(PROVIDERS.length());
        int slash = tail.indexOf('/');
        return provider.equals(ScimRequestFilter.parseUuid(slash < 0 ? tail : tail.substring(0, slash)));
    }
}
