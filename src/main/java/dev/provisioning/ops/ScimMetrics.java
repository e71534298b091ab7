package dev.provisioning.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The SCIM metrics of product.md §8.1, with bounded tags only: every tag value comes from a fixed
 * set named here, never from a request (no provider, organization, user id, email or token), so
 * ten thousand tenants are still the same few series. The {@code scim_database_available} gauge
 * is registered by {@link DatabaseAvailability}.
 */
@Startup
@ApplicationScoped
public class ScimMetrics {
    /** Upper bounds of the {@code scim_requests_seconds} histogram buckets: enough for a p99 alert at any of them. */
    static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10) };

    static final Set<String> EVENT_OPERATIONS = Set.of("create", "claim", "replace", "patch", "delete");

    /** Why a SCIM request was refused before it reached a resource (tag {@code reason}). */
    public enum AuthFailure {
        /** no Authorization header */
        MISSING,
        /** an Authorization header that is not {@code Bearer <token>} */
        MALFORMED,
        /** a token that names no key */
        UNKNOWN,
        /** a revoked key */
        REVOKED,
        /** a valid key that may not provision (no manage_users, SCIM add-on off, no default provider) */
        FORBIDDEN,
        /** a valid key used at another provider's base URL */
        WRONG_PROVIDER;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> events = new ConcurrentHashMap<>();
    private final Map<AuthFailure, Counter> authFailures = new ConcurrentHashMap<>();
    private final Counter rateLimited;

    public ScimMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.rateLimited = Counter.builder("scim.rate.limited")
                .description("SCIM requests refused with 429 by the per-provider rate limit")
                .register(registry);
        // Registered at start so that dashboards and increase() see 0 instead of no series.
        for (AuthFailure reason : AuthFailure.values()) {
            authFailures.put(reason, Counter.builder("scim.auth.failures")
                    .description("SCIM requests refused by authentication (401) or authorisation (403)")
                    .tag("reason", reason.tag())
                    .register(registry));
        }
        for (String operation : EVENT_OPERATIONS) {
            event(operation, "success");
            event(operation, "failure");
        }
    }

    /** One SCIM request that ended with {@code status} after {@code nanos}. */
    public void request(String resource, String operation, int status, long nanos) {
        String outcome = outcome(status);
        timers.computeIfAbsent(resource + ' ' + operation + ' ' + outcome, key -> Timer.builder("scim.requests")
                        .description("SCIM requests by resource, operation and outcome")
                        .tag("resource", resource)
                        .tag("operation", operation)
                        .tag("outcome", outcome)
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void authFailure(AuthFailure reason) {
        authFailures.get(reason).increment();
    }

    public void rateLimited() {
        rateLimited.increment();
    }

    /** One provisioning event written, {@code outcome} being {@code success} or {@code failure}. */
    public void provisioningEvent(String operation, String outcome) {
        if (EVENT_OPERATIONS.contains(operation) && (outcome.equals("success") || outcome.equals("failure"))) {
            event(operation, outcome).increment();
        }
    }

    private Counter event(String operation, String outcome) {
        return events.computeIfAbsent(operation + ' ' + outcome, key -> Counter.builder("scim.provisioning.events")
                .description("Provisioning events (SCIM writes) by operation and outcome")
                .tag("operation", operation)
                .tag("outcome", outcome)
                .register(registry));
    }

    /** The {@code outcome} tag of a response status. */
    public static String outcome(int status) {
        if (status < 400) {
            return "success";
        }
        return switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 409 -> "conflict";
            case 429 -> "rate_limited";
            case 503 -> "unavailable";
            default -> status < 500 ? "client_error" : "server_error";
        };
    }
}
