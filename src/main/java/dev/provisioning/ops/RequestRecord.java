package dev.provisioning.ops;

import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import java.util.Optional;
import java.util.UUID;

/**
 * What the access line of one request needs to know beyond the HTTP exchange: its id, when it
 * started, and the organization and provider it acted for once authentication knows them. Kept on
 * the request's Vert.x duplicated context, so code anywhere in the request ({@code ScimRequestFilter},
 * error mappers) finds it without a parameter.
 */
public final class RequestRecord {
    static final String KEY = RequestRecord.class.getName();

    private final String requestId;
    private final long startNanos;
    private volatile UUID organizationId;
    private volatile UUID providerId;
    private volatile boolean rateLimitPassed;

    public RequestRecord(String requestId, long startNanos) {
        this.requestId = requestId;
        this.startNanos = startNanos;
    }

    /** The record of the request being served on this thread, if any. */
    public static Optional<RequestRecord> current() {
        if (!VertxContext.isOnDuplicatedContext()) {
            return Optional.empty();
        }
        return ContextLocals.get(KEY);
    }

    /** The id of the request being served, if any (the one echoed in {@code X-Request-Id}). */
    public static Optional<String> currentId() {
        return current().map(RequestRecord::requestId);
    }

    public void attach() {
        if (VertxContext.isOnDuplicatedContext()) {
            ContextLocals.put(KEY, this);
        }
    }

    /** Names the organization and provider the request acts for (ids only: never a token or an email). */
    public void actingFor(UUID organization, UUID provider) {
        this.organizationId = organization;
        this.providerId = provider;
    }

    /** The request has already taken its place in its provider's rate limit ({@code security.RateLimitGate}). */
    public void rateLimitPassed() {
        this.rateLimitPassed = true;
    }

    public boolean hasPassedRateLimit() {
        return rateLimitPassed;
    }

    public String requestId() {
        return requestId;
    }

    long startNanos() {
        return startNanos;
    }

    UUID organizationId() {
        return organizationId;
    }

    UUID providerId() {
        return providerId;
    }
}
