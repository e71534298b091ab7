package dev.provisioning.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/**
 * Stands in for Microsoft's key endpoint in tests (product.md §11: "tests serve their own JWKS"): an
 * HTTP server on a free port publishing, per tenant, the keys the test chooses, counting each fetch;
 * and a minter of Entra-style tokens ({@code iss https://sts.windows.net/{tenant}/}, RS256, {@code kid}).
 */
public class EntraJwksServer implements QuarkusTestResourceLifecycleManager {
    public static final String AUDIENCE = "8adf8e6e-67b2-4cf2-a259-e3dc5476c621";
    private static final Map<String, List<RsaJsonWebKey>> PUBLISHED = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> FETCHES = new ConcurrentHashMap<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            // /{tenantId}/discovery/keys
            String[] parts = exchange.getRequestURI().getPath().split("/");
            String tenant = parts.length > 1 ? parts[1] : "";
            FETCHES.computeIfAbsent(tenant, t -> new AtomicInteger()).incrementAndGet();
            List<RsaJsonWebKey> keys = PUBLISHED.get(tenant);
            byte[] body = (keys == null ? "{\"error\":\"unknown tenant\"}"
                    : new JsonWebKeySet(keys.toArray(new RsaJsonWebKey[0])).toJson()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(keys == null ? 400 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return Map.of("scim.entra.jwks-url", "http://localhost:" + server.getAddress().getPort() + "/{tenantId}/discovery/keys");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A new RSA signing key with this key id (not yet published). */
    public static RsaJsonWebKey newKey(String keyId) {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(keyId);
            key.setUse("sig");
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            return key;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the tenant's key endpoint answers from now on. */
    public static void publish(String tenant, RsaJsonWebKey... keys) {
        PUBLISHED.put(tenant, List.of(keys));
    }

    public static int fetches(String tenant) {
        AtomicInteger count = FETCHES.get(tenant);
        return count == null ? 0 : count.get();
    }

    /** An Entra-style token; {@code changes} may alter the claims before signing. */
    public static String token(RsaJsonWebKey key, String tenant, java.util.function.Consumer<JwtClaims> changes) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("https://sts.windows.net/" + tenant + "/");
        claims.setAudience(AUDIENCE);
        claims.setClaim("tid", tenant);
        claims.setClaim("appid", UUID.randomUUID().toString());
        Instant now = Instant.now();
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setNotBefore(NumericDate.fromSeconds(now.getEpochSecond() - 60));
        claims.setExpirationTime(NumericDate.fromSeconds(now.plusSeconds(3600).getEpochSecond()));
        changes.accept(claims);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
