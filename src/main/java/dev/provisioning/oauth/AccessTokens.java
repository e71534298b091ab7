package dev.provisioning.oauth;

import dev.provisioning.ops.ScimConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * The access tokens {@code POST /oauth/token} issues (product.md §11): JWTs (RFC 9068 shape) signed
 * with HMAC-SHA256 by this service, naming the client ({@code sub}) and the provider it acts as.
 * Verifying one is CPU work only; whether its client still exists is the registry's question.
 * Created at start, so that a missing signing key is reported when the process starts, not at the
 * first token request.
 */
@Startup
@ApplicationScoped
public class AccessTokens {
    /** Issuer and audience of our own tokens; no other party issues or accepts them. */
    public static final String ISSUER = "urn:scim-provisioning:oauth";
    static final String AUDIENCE = "urn:scim-provisioning:scim";
    private static final String PROVIDER_CLAIM = "scim_provider_id";
    private static final int MIN_KEY_BYTES = 32;
    private static final Logger LOG = Logger.getLogger(AccessTokens.class);
    /** What an unset key means; said at start (INFO: one replica is fine), and again as a warning by a replica seeing others. */
    public static final String OWN_KEY = "SCIM_OAUTH_TOKEN_SIGNING_KEY (scim.oauth.token-signing-key) is not set: OAuth access"
            + " tokens are signed with a random key of this process, so other replicas will not accept them, nor will this one"
            + " after a restart; with more than one replica set it to the same secret on every replica (openssl rand -base64 32)";

    private final HmacKey key;
    private final boolean ownKey;
    private final Duration lifetime;
    private final JwtConsumer consumer;

    @Inject
    public AccessTokens(ScimConfig config) {
        this(signingKey(config.oauth().tokenSigningKey()), config.oauth().tokenLifetime(),
                !configured(config.oauth().tokenSigningKey()));
    }

    AccessTokens(byte[] key, Duration lifetime) {
        this(key, lifetime, false);
    }

    private AccessTokens(byte[] key, Duration lifetime, boolean ownKey) {
        this.key = new HmacKey(key);
        this.ownKey = ownKey;
        this.lifetime = lifetime;
        this.consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(30)
                .setExpectedIssuer(ISSUER)
                .setExpectedAudience(AUDIENCE)
                .setVerificationKey(this.key)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.HMAC_SHA256)
                .build();
    }

    /** What a verified token names. */
    public record Claims(UUID clientId, UUID providerId) {
    }

    public Duration lifetime() {
        return lifetime;
    }

    public String issue(UUID clientId, UUID providerId, Instant now) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject(clientId.toString());
        claims.setClaim(PROVIDER_CLAIM, providerId.toString());
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.plus(lifetime).getEpochSecond()));
        claims.setJwtId(UUID.randomUUID().toString());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setHeader("typ", "at+jwt");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("An HMAC signature cannot fail with a valid key", e);
        }
    }

    /** The token's claims when it is ours, unaltered and unexpired; empty otherwise. */
    public Optional<Claims> verify(String token) {
        try {
            JwtClaims claims = consumer.processToClaims(token);
            return Optional.of(new Claims(UUID.fromString(claims.getSubject()),
                    UUID.fromString(claims.getStringClaimValue(PROVIDER_CLAIM))));
        } catch (InvalidJwtException | RuntimeException | org.jose4j.jwt.MalformedClaimException invalid) {
            return Optional.empty();
        }
    }

    /**
     * Whether tokens are signed with a random key of this process (no key configured): fine for one replica;
     * with several, each refuses the others' tokens ({@code cluster.Replicas} warns when it sees a second one).
     */
    public boolean ownKey() {
        return ownKey;
    }

    private static boolean configured(Optional<String> key) {
        return key.isPresent() && !key.get().isBlank();
    }

    /** The configured key; without one a random key of this process, said at start (other replicas refuse its tokens). */
    static byte[] signingKey(Optional<String> configured) {
        if (configured(configured)) {
            byte[] key = Base64.getDecoder().decode(configured.get().strip());
            if (key.length < MIN_KEY_BYTES) {
                throw new IllegalStateException("scim.oauth.token-signing-key must be the base64 of at least "
                        + MIN_KEY_BYTES + " random bytes");
            }
            return key;
        }
        LOG.info(OWN_KEY);
        byte[] key = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
