package dev.provisioning.support;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Admin API calls with JWTs minted by the test key (the application trusts test-public-key.pem in
 * tests). The key is passed explicitly: the packaged service's tests run outside Quarkus, where the
 * {@code %test} signing configuration does not apply.
 */
public final class AdminApi {
    public static final String ISSUER = "https://scim-provisioning.local/issuer";
    private static final PrivateKey KEY = testKey();

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private AdminApi() {
    }

    private static PrivateKey testKey() {
        try {
            return KeyUtils.readPrivateKey("test-private-key.pem");
        } catch (Exception e) {
            throw new IllegalStateException("test-private-key.pem is missing or unreadable", e);
        }
    }

    public static String platformAdmin() {
        return Jwt.issuer(ISSUER).upn("csm@vendor.example").groups(Set.of("platform-admin")).sign(KEY);
    }

    public static String orgAdmin(UUID organizationId) {
        return Jwt.issuer(ISSUER).upn("it-admin@customer.example").groups(Set.of("org-admin"))
                .claim("org", organizationId.toString()).sign(KEY);
    }

    public static String withGroups(UUID organizationId, String... groups) {
        return Jwt.issuer(ISSUER).upn("someone@customer.example").groups(Set.of(groups))
                .claim("org", organizationId.toString()).sign(KEY);
    }

    public static String expired() {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER).upn("csm@vendor.example").groups(Set.of("platform-admin"))
                .issuedAt(now.minusSeconds(7200)).expiresAt(now.minusSeconds(3600)).sign(KEY);
    }

    public static String wrongIssuer() {
        return Jwt.issuer("https://attacker.example/issuer").upn("csm@vendor.example").groups(Set.of("platform-admin")).sign(KEY);
    }

    /** A platform-admin token whose payload was changed after signing. */
    public static String tampered(UUID organizationId) {
        String[] parts = orgAdmin(organizationId).split("\\.");
        String forged = Jwt.issuer(ISSUER).upn("it-admin@customer.example").groups(Set.of("platform-admin")).sign(KEY).split("\\.")[1];
        return parts[0] + "." + forged + "." + parts[2];
    }

    public static RequestSpecification admin(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }
}
