package dev.provisioning.security;

import dev.provisioning.ops.ScimConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per SCIM provider and replica: {@code scim.rate-limit.per-provider} requests per
 * second on average, bursts up to twice that; never below 25, Entra's gallery requirement.
 */
@ApplicationScoped
public class ProviderRateLimiter {
    private final int perSecond;
    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    /** Entra's gallery requirement (entra-scim.md §3.3): a provider is never limited below this. */
    static final int FLOOR = 25;

    public ProviderRateLimiter(ScimConfig config) {
        int configured = config.rateLimit().perProvider();
        if (configured > 0 && configured < FLOOR) {
            org.jboss.logging.Logger.getLogger(ProviderRateLimiter.class).warnf(
                    "scim.rate-limit.per-provider=%d is below Entra's pace; using %d requests per second", configured, FLOOR);
            configured = FLOOR;
        }
        this.perSecond = configured;
    }

    /** 0 when the request may go on, else the seconds to wait (for {@code Retry-After}). */
    public long acquire(UUID providerId) {
        if (perSecond <= 0) {
            return 0;
        }
        return buckets.computeIfAbsent(providerId, id -> new Bucket(perSecond)).take();
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
        buckets.computeIfAbsent(providerId, id -> new Bucket(perSecond)).charge(requests);
    }

    static final class Bucket {
        private final double ratePerNano;
        private final double capacity;
        private double tokens;
        private long last;

        Bucket(int perSecond) {
            this.ratePerNano = perSecond / 1e9;
            this.capacity = perSecond * 2.0;
            this.tokens = capacity;
            this.last = System.nanoTime();
        }

        synchronized long take() {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - last) * ratePerNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerNano / 1e9));
        }

        synchronized void charge(int requests) {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - last) * ratePerNano) - requests;
            last = now;
        }
    }
}
