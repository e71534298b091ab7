package dev.provisioning.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioning.organization.ApiKeyRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import dev.provisioning.persistence.DatabaseFailures;
import dev.provisioning.persistence.VertxContexts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Looks API keys up by the SHA-256 of the presented secret. Answers are cached for at most
 * {@link #CACHE_TTL_NANOS} so that a revocation made on another replica takes effect within five
 * seconds; a revocation on this replica evicts at once. {@code lastUsedAt} is collected in memory
 * and written in one batch every few seconds, never once per request.
 */
@ApplicationScoped
public class ApiKeyAuthenticator {
    private static final Logger LOG = Logger.getLogger(ApiKeyAuthenticator.class);
    static final long CACHE_TTL_NANOS = 4_000_000_000L;
    private static final int CACHE_LIMIT = 10_000;
    private static final long FLUSH_INTERVAL_MS = 5_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiKeyRepository keys;
    private final Vertx vertx;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<UUID, OffsetDateTime> lastUsed = new ConcurrentHashMap<>();
    // bumped by every eviction: a lookup that started before an eviction must not cache what it read
    private final java.util.concurrent.atomic.AtomicLong evictions = new java.util.concurrent.atomic.AtomicLong();
    private long flushTimer = -1;

    record Cached(ApiKeyPrincipal principal, long loadedAt) {
    }

    public ApiKeyAuthenticator(ApiKeyRepository keys, Vertx vertx) {
        this.keys = keys;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        flushTimer = vertx.setPeriodic(FLUSH_INTERVAL_MS, id -> flushLastUsed().subscribe().with(ok -> {
        }, failure -> {
            if (DatabaseFailures.isUnavailable(failure)) {
                // a database outage is reported once by ops.DatabaseAvailability, not every 5 s from here
                LOG.debugf("Could not record API key use: %s", failure.getMessage());
            } else {
                LOG.warn("Could not record API key use", failure);
            }
        }));
    }

    void stop(@Observes ShutdownEvent event) {
        if (flushTimer >= 0) {
            vertx.cancelTimer(flushTimer);
        }
    }

    /** The key for this secret, if it exists (revoked keys are returned with {@code revoked = true}). */
    public Uni<Optional<ApiKeyPrincipal>> authenticate(String token) {
        byte[] digest = ApiTokens.digest(token);
        String hash = java.util.HexFormat.of().formatHex(digest);
        Optional<ApiKeyPrincipal> known = fresh(hash, digest);
        if (known.isPresent()) {
            return Uni.createFrom().item(Optional.of(markUsed(known.get())));
        }
        long generation = evictions.get();
        return Panache.withSession(() -> keys.findByDigest(digest))
                .map(found -> {
                    if (found == null) {
                        return Optional.<ApiKeyPrincipal>empty();
                    }
                    ApiKeyPrincipal principal = toPrincipal(found);
                    if (!ApiTokens.sameDigest(principal.tokenDigest(), digest)) {
                        return Optional.<ApiKeyPrincipal>empty();
                    }
                    if (cache.size() >= CACHE_LIMIT) {
                        cache.clear();
                    }
                    if (generation == evictions.get()) {
                        cache.put(hash, new Cached(principal, System.nanoTime()));
                    }
                    return Optional.of(principal.revoked() ? principal : markUsed(principal));
                });
    }

    /**
     * The key for this secret if this replica knows it already (looked up within the cache's time to
     * live), without any database round trip; empty when it would have to be looked up.
     */
    public Optional<ApiKeyPrincipal> cached(String token) {
        byte[] digest = ApiTokens.digest(token);
        return fresh(java.util.HexFormat.of().formatHex(digest), digest);
    }

    /** The cached key of this digest while it is younger than the cache's time to live. */
    private Optional<ApiKeyPrincipal> fresh(String hash, byte[] digest) {
        Cached cached = cache.get(hash);
        if (cached != null && System.nanoTime() - cached.loadedAt < CACHE_TTL_NANOS
                && ApiTokens.sameDigest(cached.principal.tokenDigest(), digest)) {
            return Optional.of(cached.principal);
        }
        return Optional.empty();
    }

    /** Forget every cached key of an organization (after a revocation or a flag change). */
    public void evictOrganization(UUID organizationId) {
        evictions.incrementAndGet();
        cache.values().removeIf(cached -> cached.principal.organizationId().equals(organizationId));
    }

    /** Forget every cached key (after notices may have been missed, see {@code cluster.ChangeNotices}). */
    public void evictAll() {
        evictions.incrementAndGet();
        cache.clear();
    }

    /** Forget one key at once (after its revocation), so that it stops working on this replica immediately. */
    public void evictKey(UUID keyId) {
        evictions.incrementAndGet();
        cache.values().removeIf(cached -> cached.principal.keyId().equals(keyId));
        lastUsed.remove(keyId);
    }

    private ApiKeyPrincipal markUsed(ApiKeyPrincipal principal) {
        if (!principal.revoked()) {
            lastUsed.put(principal.keyId(), OffsetDateTime.now(ZoneOffset.UTC));
        }
        return principal;
    }

    /** Writes the collected {@code lastUsedAt} values in one statement (on the caller's session when it has one). */
    public Uni<Void> flushLastUsed() {
        return VertxContexts.ensure(() -> Panache.withSession(this::writeLastUsed));
    }

    /** {@link #flushLastUsed} before keys are listed: a failure is logged, and the listing goes on with what is stored. */
    public Uni<Void> flushLastUsedBeforeListing() {
        return flushLastUsed().onFailure().invoke(failure -> LOG.warn("Could not record API key use before listing keys", failure))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> writeLastUsed() {
        Map<UUID, OffsetDateTime> batch = new HashMap<>();
        for (UUID keyId : List.copyOf(lastUsed.keySet())) {
            OffsetDateTime at = lastUsed.remove(keyId);
            if (at != null) {
                batch.put(keyId, at);
            }
        }
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return keys.recordUse(batch).replaceWithVoid();
    }

    private static ApiKeyPrincipal toPrincipal(ApiKeyRepository.KeyLookup key) {
        return new ApiKeyPrincipal(key.id(), key.organizationId(), key.providerId(), permissions(key.permissionsJson()), key.revoked(),
                key.scimEnabled(), key.multiScimEnabled(), key.defaultProviderId(), key.tokenHash());
    }

    private static Set<String> permissions(String json) {
        if (json == null) {
            return Set.of();
        }
        try {
            Set<String> permissions = new java.util.HashSet<>();
            JSON.readTree(json).forEach(permission -> permissions.add(permission.asText()));
            return Set.copyOf(permissions);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored permissions are not a JSON array", e);
        }
    }
}
