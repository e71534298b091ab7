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
    /** When PostgreSQL last answered something for this request (its start until then). */
    private volatile long databaseAnsweredNanos;

    public RequestRecord(String requestId, long startNanos) {
        this.requestId = requestId;
        this.startNanos = startNanos;
        this.databaseAnsweredNanos = startNanos;
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

    /** PostgreSQL answered a statement of this request: the request's wait for it starts again from now. */
    public void databaseAnswered() {
        this.databaseAnsweredNanos = System.nanoTime();
    }

    /**
     * How long this request may still wait for PostgreSQL within {@code timeoutMillis} (product.md §9: no
     * request hangs longer than {@code scim.database.timeout}): the timeout less the time since PostgreSQL last
     * answered it, at least 1 ms. A healthy request that runs many statements gets the whole timeout for each
     * wait; a request whose database stopped answering gets one timeout in all, however many steps it has.
     */
    public long databaseBudgetMillis(long timeoutMillis) {
        long waited = (System.nanoTime() - databaseAnsweredNanos) / 1_000_000;
        return Math.max(1, Math.min(timeoutMillis, timeoutMillis - waited));
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
