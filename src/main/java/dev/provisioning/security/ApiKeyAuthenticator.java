package dev.provisioning.security;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
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

    private final Pool pool;
    private final Vertx vertx;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<UUID, OffsetDateTime> lastUsed = new ConcurrentHashMap<>();
    // bumped by every eviction: a lookup that started before an eviction must not cache what it read
    private final java.util.concurrent.atomic.AtomicLong evictions = new java.util.concurrent.atomic.AtomicLong();
    private long flushTimer = -1;

    record Cached(ApiKeyPrincipal principal, long loadedAt) {
    }

    public ApiKeyAuthenticator(Pool pool, Vertx vertx) {
        this.pool = pool;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        flushTimer = vertx.setPeriodic(FLUSH_INTERVAL_MS, id -> flushLastUsed().subscribe().with(ok -> {
        }, failure -> LOG.warn("Could not record API key use", failure)));
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
        Cached cached = cache.get(hash);
        if (cached != null && System.nanoTime() - cached.loadedAt < CACHE_TTL_NANOS
                && ApiTokens.sameDigest(cached.principal.tokenDigest(), digest)) {
            return Uni.createFrom().item(Optional.of(markUsed(cached.principal)));
        }
        long generation = evictions.get();
        return pool.preparedQuery("""
                        select k.id, k.organization_id, k.scim_provider_id, k.permissions, k.revoked_at is not null as revoked,
                               k.token_hash, o.scim_enabled, o.multi_scim_enabled,
                               (select p.id from scim_providers p where p.organization_id = o.id and p.is_default) as default_provider_id
                        from api_keys k join organizations o on o.id = k.organization_id
                        where k.token_hash = decode($1, 'hex')""")
                .execute(Tuple.of(hash))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.<ApiKeyPrincipal>empty();
                    }
                    ApiKeyPrincipal principal = toPrincipal(rows.iterator().next());
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

    /** Forget every cached key of an organization (after a revocation or a flag change). */
    public void evictOrganization(UUID organizationId) {
        evictions.incrementAndGet();
        cache.values().removeIf(cached -> cached.principal.organizationId().equals(organizationId));
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

    /** Writes the collected {@code lastUsedAt} values in one batch. */
    public Uni<Void> flushLastUsed() {
        if (lastUsed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>();
        for (UUID keyId : List.copyOf(lastUsed.keySet())) {
            OffsetDateTime at = lastUsed.remove(keyId);
            if (at != null) {
                batch.add(Tuple.of(keyId, at));
            }
        }
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("update api_keys set last_used_at = greatest(coalesce(last_used_at, $2), $2) where id = $1")
                .executeBatch(batch)
                .replaceWithVoid();
    }

    private static ApiKeyPrincipal toPrincipal(Row row) {
        String[] permissions = row.getArrayOfStrings("permissions");
        return new ApiKeyPrincipal(
                row.getUUID("id"),
                row.getUUID("organization_id"),
                row.getUUID("scim_provider_id"),
                permissions == null ? Set.of() : Set.of(permissions),
                row.getBoolean("revoked"),
                row.getBoolean("scim_enabled"),
                row.getBoolean("multi_scim_enabled"),
                row.getUUID("default_provider_id"),
                row.getBuffer("token_hash").getBytes());
    }
}
