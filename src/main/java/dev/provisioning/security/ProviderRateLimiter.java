package dev.provisioning.security;

import dev.provisioning.cluster.Replicas;
import dev.provisioning.ops.ScimConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per SCIM provider: {@code scim.rate-limit.per-provider} requests per second on
 * average across the deployment, bursts up to twice that; never below 25, Entra's gallery requirement.
 * Each replica enforces its share, the limit divided by the replicas alive ({@link Replicas}, product.md
 * §9): a load balancer spreads a provider's requests over them, so the deployment allows the limit,
 * without a database round trip per request.
 */
@ApplicationScoped
public class ProviderRateLimiter {
    private final int perSecond;
    private final Replicas replicas;
    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    /** Entra's gallery requirement (entra-scim.md §3.3): a provider is never limited below this. */
    static final int FLOOR = 25;

    public ProviderRateLimiter(ScimConfig config, Replicas replicas) {
        this.replicas = replicas;
        int configured = config.rateLimit().perProvider();
        if (configured > 0 && configured < FLOOR) {
            org.jboss.logging.Logger.getLogger(ProviderRateLimiter.class).warnf(
                    "scim.rate-limit.per-provider=%d is below Entra's pace; using %d requests per second", configured, FLOOR);
            configured = FLOOR;
        }
        this.perSecond = configured;
    }

    /** Whether a limit applies at all ({@code scim.rate-limit.per-provider} is not 0). */
    public boolean enabled() {
        return perSecond > 0;
    }

    /** 0 when the request may go on, else the seconds to wait (for {@code Retry-After}). */
    public long acquire(UUID providerId) {
        if (perSecond <= 0) {
            return 0;
        }
        return buckets.computeIfAbsent(providerId, id -> new Bucket()).take(share());
    }

    /**
     * Charges {@code requests} more requests to the provider, after the one already let through: the
     * further operations of a bulk request (product.md §11). The bucket may go into debt, so a bulk is
     * never refused for its size, and the provider's next requests wait until the debt is paid.
     */
    public void charge(UUID providerId, int requests) {
        if (perSecond <= 0 || requests <= 0) {
            return;
        }
        buckets.computeIfAbsent(providerId, id -> new Bucket()).charge(requests, share());
    }

    /** This replica's requests per second for one provider. */
    private double share() {
        return perSecond / (double) Math.max(1, replicas.live());
    }

    /** A bucket whose rate is given at each use (the replicas' share changes as replicas come and go). */
    static final class Bucket {
        private double tokens = Double.NaN;
        private long last = System.nanoTime();

        synchronized long take(double perSecond) {
            refill(perSecond);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
        }

        synchronized void charge(int requests, double perSecond) {
            refill(perSecond);
            tokens -= requests;
        }

        private void refill(double perSecond) {
            long now = System.nanoTime();
            double capacity = perSecond * 2.0;
            tokens = Double.isNaN(tokens) ? capacity : Math.min(capacity, tokens + (now - last) * perSecond / 1e9);
            last = now;
        }
    }
}
