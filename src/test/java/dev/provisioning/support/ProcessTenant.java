package dev.provisioning.support;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/**
 * A tenant made through the admin API of a {@link ServiceProcess} (no database access from the
 * test): an organization with SCIM on, its default provider and a {@code manage_users} key. The
 * admin JWTs are signed here with {@code test-private-key.pem}, which the process trusts.
 */
public record ProcessTenant(String baseUri, UUID organizationId, UUID providerId, UUID keyId, String token) {

    public static ProcessTenant create(String baseUri, String name) {
        String platform = platformAdminToken();
        String organization = admin(baseUri, platform)
                .body("{\"name\":\"" + name + "\",\"scimEnabled\":true}")
                .post("/admin/organizations").then().statusCode(201).extract().path("id");
        io.restassured.response.Response key = admin(baseUri, platform)
                .body("{\"name\":\"Entra\",\"permissions\":[\"manage_users\"]}")
                .post("/admin/organizations/" + organization + "/api-keys").then().statusCode(201).extract().response();
        String provider = admin(baseUri, platform).get("/admin/organizations/" + organization + "/scim-providers")
                .then().statusCode(200).extract().path("find { it.default }.id");
        return new ProcessTenant(baseUri, UUID.fromString(organization), UUID.fromString(provider),
                UUID.fromString(key.path("id")), key.path("token"));
    }

    /** SCIM calls with this tenant's key. */
    public RequestSpecification scim() {
        return ScimApi.scim(token).baseUri(baseUri);
    }

    /** Admin calls as this organization's admin. */
    public RequestSpecification admin() {
        return admin(baseUri, Jwt.issuer(AdminApi.ISSUER).upn("it-admin@customer.example").groups(Set.of("org-admin"))
                .claim("org", organizationId.toString()).sign(signingKey()));
    }

    public static RequestSpecification admin(String baseUri, String jwt) {
        return given().baseUri(baseUri).header("Authorization", "Bearer " + jwt).contentType("application/json");
    }

    public static String platformAdminToken() {
        return Jwt.issuer(AdminApi.ISSUER).upn("csm@vendor.example").groups(Set.of("platform-admin")).sign(signingKey());
    }

    private static PrivateKey signingKey() {
        try {
            String pem = Files.readString(ServiceProcess.testResource("test-private-key.pem"));
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("test-private-key.pem is not a PKCS#8 RSA key", e);
        }
    }
}
