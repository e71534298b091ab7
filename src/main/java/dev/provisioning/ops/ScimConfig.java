package dev.provisioning.ops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Settings of the SCIM service (prefix {@code scim}); the README's configuration table is written from it. */
@ConfigMapping(prefix = "scim")
public interface ScimConfig {

    /**
     * Public base URL of the service as clients reach it (e.g. {@code https://scim.example.com}),
     * used for {@code meta.location} and {@code Location}. Unset: taken from the request (and the
     * forwarded headers of a load balancer).
     */
    Optional<String> publicBaseUrl();

    /** Largest accepted request body in bytes; larger bodies get 413 with a SCIM error body. */
    @WithDefault("1048576")
    long maxBodySize();

    /** Largest page a list request returns ({@code filter.maxResults} of /ServiceProviderConfig). */
    @WithDefault("200")
    int maxResults();

    /** Page size when a list request names no {@code count}. */
    @WithDefault("100")
    int defaultPageSize();

    /**
     * True when the launcher started the embedded development database (set by {@code ops.Launcher},
     * not by hand); it turns the first-run bootstrap on by default.
     */
    @WithDefault("false")
    boolean embeddedDatabase();

    RateLimit rateLimit();

    Filter filter();

    Bootstrap bootstrap();

    Database database();

    Bulk bulk();

    OAuth oauth();

    Entra entra();

    interface RateLimit {
        /**
         * Requests per second allowed per SCIM provider across the whole deployment, bursts of twice that; 0 turns
         * it off; never below 25. Each replica enforces its share (this limit divided by the live replicas).
         */
        @WithDefault("200")
        int perProvider();

        /**
         * How long a 429 is held before it is sent (a timer, no thread waits): a client that ignores
         * {@code Retry-After} and sends again at once can then ask only a few times per second per
         * connection, so a flooding provider cannot take the CPU its neighbours need (product.md §9). 0: at once.
         */
        @WithDefault("200ms")
        java.time.Duration rejectionDelay();
    }

    interface Filter {
        /**
         * Longest {@code filter} accepted, in characters, in the query string or in a {@code .search}
         * body; longer ones get 400 {@code invalidFilter} before they are parsed.
         */
        @WithDefault("10000")
        int maxLength();
    }

    interface Database {
        /**
         * How often the database is probed for {@code scim_database_available} (JDBC {@code isValid}, off
         * the event loop; scrapes never query it). A probe that has not succeeded for two intervals reads 0.
         */
        @WithDefault("2s")
        java.time.Duration probeInterval();

        /**
         * The longest the service waits on PostgreSQL for one step (product.md §9): opening a connection,
         * waiting for a free one from the pool, one statement. Past it the request fails with 503 and
         * {@code Retry-After} instead of hanging on a database that does not answer.
         */
        @WithDefault("10s")
        java.time.Duration timeout();

        /**
         * How often each replica records in the database that it is alive (table {@code scim_replicas});
         * replicas share the per-provider rate limit among those seen within three intervals.
         */
        @WithDefault("1s")
        java.time.Duration heartbeatInterval();
    }

    interface Bootstrap {
        /**
         * Bootstrap an organization, its default provider, a SCIM token and an admin JWT on the first
         * start with an empty database, and print them. Unset: on only with the embedded database.
         */
        Optional<Boolean> enabled();
    }

    interface Bulk {
        /** Most operations one {@code POST /Bulk} may carry (RFC 7644 §3.7.4); more → 413. 0 turns Bulk off (501). */
        @WithDefault("1000")
        int maxOperations();

        /** Largest {@code POST /Bulk} body in bytes; larger → 413. Never above {@code scim.max-body-size}. */
        @WithDefault("1048576")
        int maxPayloadSize();
    }

    interface OAuth {
        /** Lifetime of the access tokens {@code POST /oauth/token} issues (RFC 6749 §4.4). */
        @WithDefault("1h")
        java.time.Duration tokenLifetime();

        /**
         * The key access tokens are signed with (HMAC-SHA256): base64 of at least 32 random bytes, the same on
         * every replica (a secret, e.g. from a Kubernetes Secret). Unset: a random key per process, so tokens
         * are only valid on the replica that issued them and until it restarts (fine for one instance).
         */
        Optional<String> tokenSigningKey();
    }

    interface Entra {
        /** The audience ({@code aud}) of the tokens an Entra tenant issues for a non-gallery SCIM app. */
        @WithDefault("8adf8e6e-67b2-4cf2-a259-e3dc5476c621")
        String audience();

        /** Where a tenant's signing keys are published; {@code {tenantId}} is replaced by the provider's entraTenantId. */
        @WithDefault("https://login.microsoftonline.com/{tenantId}/discovery/keys")
        String jwksUrl();
    }
}
