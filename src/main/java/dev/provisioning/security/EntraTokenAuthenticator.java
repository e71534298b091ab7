package dev.provisioning.security;

import dev.provisioning.ops.ScimConfig;
import dev.provisioning.provider.ScimProviderRepository;
import dev.provisioning.provider.ScimProviderRepository.EntraAuthority;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.Key;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/**
 * Tokens an Entra tenant issues itself when the admin leaves the Secret Token blank (product.md §11;
 * entra-scim.md §3.1): accepted only at the base URL of a provider whose {@code entraTenantId} names
 * that tenant, issued by {@code https://sts.windows.net/{tenant}/} for {@code scim.entra.audience},
 * signed with RS256 by one of the tenant's keys ({@link EntraSigningKeys}), and within their validity
 * (a minute of clock skew). Anything else: 401.
 *
 * <p>A provider's tenant is kept for at most {@link #PROVIDER_TTL}, so that clearing or changing
 * {@code entraTenantId} takes effect within five seconds on every replica (at once on the one that
 * changed it, through {@link #forgetProvider}).
 */
@ApplicationScoped
public class EntraTokenAuthenticator implements ScimAuthenticator {
    public static final String ISSUER_PREFIX = "https://sts.windows.net/";
    static final Duration PROVIDER_TTL = Duration.ofSeconds(4);
    private static final int LIMIT = 10_000;

    private final ScimProviderRepository providers;
    private final EntraSigningKeys keys;
    private final String audience;
    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();
    private final AtomicLong evictions = new AtomicLong();
    private volatile LongSupplier clock = System::nanoTime;

    private record Cached(EntraAuthority authority, long loadedAt) {
    }

    public EntraTokenAuthenticator(ScimProviderRepository providers, EntraSigningKeys keys, ScimConfig config) {
        this.providers = providers;
        this.keys = keys;
        this.audience = config.entra().audience();
    }

    /** Whether a token claiming this issuer could be an Entra tenant's. */
    public boolean issues(String issuer) {
        return issuer.startsWith(ISSUER_PREFIX);
    }

    @Override
    public Uni<Optional<ScimPrincipal>> authenticate(String token, UUID pathProvider) {
        if (pathProvider == null) {
            return none(); // only at the provider's own base URL: /scim/v2 names no provider for such a token
        }
        String keyId;
        try {
            keyId = JsonWebSignature.fromCompactSerialization(token).getKeyIdHeaderValue();
        } catch (Exception malformed) {
            return none();
        }
        return provider(pathProvider).chain(authority -> {
            if (authority == null || authority.entraTenantId() == null) {
                return none();
            }
            String tenant = authority.entraTenantId();
            return keys.key(tenant, keyId).map(key -> key
                    .filter(found -> verifies(token, found, tenant))
                    .map(found -> (ScimPrincipal) new TokenPrincipal(authority.organizationId(), authority.providerId(),
                            authority.scimEnabled(), authority.multiScimEnabled(), null)));
        });
    }

    /** Signature (RS256 only), issuer, audience, expiry and not-before, and the tenant claim when present. */
    private boolean verifies(String token, Key key, String tenant) {
        try {
            JwtClaims claims = new JwtConsumerBuilder()
                    .setRequireExpirationTime()
                    .setAllowedClockSkewInSeconds(60)
                    .setExpectedIssuer(ISSUER_PREFIX + tenant + "/")
                    .setExpectedAudience(audience)
                    .setVerificationKey(key)
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                    .build()
                    .processToClaims(token);
            Object tid = claims.getClaimValue("tid");
            return tid == null || tenant.equalsIgnoreCase(tid.toString());
        } catch (InvalidJwtException | RuntimeException invalid) {
            return false;
        }
    }

    private Uni<EntraAuthority> provider(UUID providerId) {
        Cached cached = cache.get(providerId);
        if (cached != null && clock.getAsLong() - cached.loadedAt < PROVIDER_TTL.toNanos()) {
            return Uni.createFrom().item(cached.authority);
        }
        long generation = evictions.get();
        return Panache.withSession(() -> providers.entraAuthority(providerId)).invoke(authority -> {
            if (generation == evictions.get()) {
                if (cache.size() >= LIMIT) {
                    cache.clear();
                }
                cache.put(providerId, new Cached(authority, clock.getAsLong()));
            }
        });
    }

    /** Forgets a provider's tenant on this replica at once (after its entraTenantId changed or it was deleted). */
    public void forgetProvider(UUID providerId) {
        evictions.incrementAndGet();
        cache.remove(providerId);
    }

    /** The time source of the provider cache ({@link System#nanoTime()}; tests move it forward). */
    void clock(LongSupplier nanoTime) {
        this.clock = nanoTime;
    }

    private static Uni<Optional<ScimPrincipal>> none() {
        return Uni.createFrom().item(Optional.empty());
    }
}
