package dev.provisioning.security;

import dev.provisioning.ops.ScimConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.Key;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The signing keys of each Entra tenant (product.md §11), from {@code scim.entra.jwks-url}. A tenant's
 * key set is fetched when a token of that tenant first arrives and kept; a token naming a key id the set
 * lacks (Microsoft rotated its keys) fetches it again, at most once per {@link #REFRESH_INTERVAL} per
 * tenant. Never a fetch per request; fetches are non-blocking (the Vert.x HTTP client on the event loop)
 * and concurrent requests share one fetch.
 */
@ApplicationScoped
public class EntraSigningKeys {
    private static final Logger LOG = Logger.getLogger(EntraSigningKeys.class);
    static final Duration REFRESH_INTERVAL = Duration.ofMinutes(1);
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_JWKS_BYTES = 256 * 1024;

    private final String urlTemplate;
    private final Vertx vertx;
    private volatile HttpClient http;
    private final Map<String, TenantKeys> tenants = new ConcurrentHashMap<>();
    private final Map<String, Uni<TenantKeys>> fetching = new ConcurrentHashMap<>();
    private volatile LongSupplier clock = System::nanoTime;

    /** A tenant's keys by key id, and when they were last fetched (or a fetch was last tried). */
    record TenantKeys(Map<String, Key> keys, long fetchedAt) {
    }

    public EntraSigningKeys(ScimConfig config, Vertx vertx) {
        this.urlTemplate = config.entra().jwksUrl();
        this.vertx = vertx;
    }

    /** The tenant's key {@code keyId}: from the cache, or from one (rate-limited) fetch of the tenant's key set. */
    public Uni<Optional<Key>> key(String tenantId, String keyId) {
        TenantKeys known = tenants.get(tenantId);
        if (known != null && keyId != null && known.keys.containsKey(keyId)) {
            return Uni.createFrom().item(Optional.of(known.keys.get(keyId)));
        }
        if (known != null && clock.getAsLong() - known.fetchedAt < REFRESH_INTERVAL.toNanos()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return fetch(tenantId).map(keys -> Optional.ofNullable(keyId == null ? null : keys.keys.get(keyId)));
    }

    /** One fetch per tenant at a time; a failed fetch keeps the keys known before and counts as an attempt. */
    private Uni<TenantKeys> fetch(String tenantId) {
        return fetching.computeIfAbsent(tenantId, id -> download(id)
                .onItemOrFailure().transform((fetched, failure) -> {
                    TenantKeys previous = tenants.get(id);
                    TenantKeys now;
                    if (failure != null) {
                        LOG.warnf("Could not fetch the signing keys of Entra tenant %s: %s", id, failure.toString());
                        now = new TenantKeys(previous == null ? Map.of() : previous.keys, clock.getAsLong());
                    } else {
                        now = new TenantKeys(fetched, clock.getAsLong());
                    }
                    tenants.put(id, now);
                    fetching.remove(id);
                    return now;
                })
                .memoize().indefinitely());
    }

    private Uni<Map<String, Key>> download(String tenantId) {
        String url = urlTemplate.replace("{tenantId}", tenantId);
        return client().request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                        .setTimeout(FETCH_TIMEOUT.toMillis()).addHeader("Accept", "application/json"))
                .chain(request -> request.send())
                .chain(response -> {
                    if (response.statusCode() != 200) {
                        return Uni.createFrom().failure(new IllegalStateException("HTTP " + response.statusCode() + " from " + url));
                    }
                    return response.body();
                })
                .map(body -> {
                    if (body.length() > MAX_JWKS_BYTES) {
                        throw new IllegalStateException("The key set at " + url + " is larger than " + MAX_JWKS_BYTES + " bytes");
                    }
                    return keys(body.toString());
                });
    }

    private HttpClient client() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    http = vertx.createHttpClient();
                }
                client = http;
            }
        }
        return client;
    }

    /** The time source of the refresh limit ({@link System#nanoTime()}; tests move it forward). */
    void clock(LongSupplier nanoTime) {
        this.clock = nanoTime;
    }

    /** The public keys of a JWKS document that have a key id and are meant for signatures. */
    static Map<String, Key> keys(String json) {
        try {
            Map<String, Key> keys = new HashMap<>();
            for (JsonWebKey key : new JsonWebKeySet(json).getJsonWebKeys()) {
                boolean signing = key.getUse() == null || key.getUse().equals("sig");
                if (key.getKeyId() != null && signing && key instanceof PublicJsonWebKey publicKey) {
                    keys.put(key.getKeyId(), publicKey.getPublicKey());
                }
            }
            return Map.copyOf(keys);
        } catch (JoseException e) {
            throw new IllegalStateException("Not a JSON Web Key Set: " + e.getMessage(), e);
        }
    }
}
