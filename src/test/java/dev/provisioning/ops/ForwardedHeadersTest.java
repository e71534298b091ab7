package dev.provisioning.ops;

import static dev.provisioning.support.AdminApi.admin;
import static dev.provisioning.support.AdminApi.orgAdmin;
import static dev.provisioning.support.ScimApi.scim;
import static dev.provisioning.support.ScimApi.userBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.TenantTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * product.md §8.3 with the default settings: no proxy is trusted, so a client's {@code Forwarded}
 * or {@code X-Forwarded-*} headers never choose the host or scheme of {@code meta.location},
 * {@code Location} or the admin API's {@code scimBaseUrl}. (Trusted proxies and the public base
 * URL need other settings: {@code ForwardedHeadersIT}.)
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class ForwardedHeadersTest extends TenantTest {

    static java.util.stream.Stream<Map<String, String>> forgedHeaders() {
        return java.util.stream.Stream.of(
                Map.of("X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https", "X-Forwarded-Port", "8443"),
                Map.of("Forwarded", "host=evil.example;proto=https"),
                Map.of("Forwarded", "for=10.0.0.1;host=evil.example;proto=https", "X-Forwarded-Host", "evil.example",
                        "X-Forwarded-Proto", "https"),
                Map.of("X-Forwarded-Prefix", "/evil", "X-Forwarded-Server", "evil.example"));
    }

    @ParameterizedTest
    @MethodSource("forgedHeaders")
    void untrustedForwardedHeadersAreIgnored(Map<String, String> forged) {
        String base = "http://localhost:" + RestAssured.port;
        Response created = scim(tenant.token()).headers(forged)
                .body(userBody("forged." + forged.hashCode() + "@example.com", "Forged")).post("/scim/v2/Users");
        created.then().statusCode(201);
        String id = created.path("id");
        assertThat(created.header("Location")).isEqualTo(base + "/scim/v2/Users/" + id);
        assertThat(created.<String>path("meta.location")).isEqualTo(base + "/scim/v2/Users/" + id);

        String listed = scim(tenant.token()).headers(forged).get("/scim/v2/providers/" + tenant.providerId() + "/Users/" + id)
                .then().statusCode(200).extract().path("meta.location");
        assertThat(listed).isEqualTo(base + "/scim/v2/providers/" + tenant.providerId() + "/Users/" + id);

        String scimBaseUrl = admin(orgAdmin(tenant.organizationId())).headers(forged)
                .get("/admin/organizations/" + tenant.organizationId() + "/scim-providers/" + tenant.providerId())
                .then().statusCode(200).extract().path("scimBaseUrl");
        assertThat(scimBaseUrl).isEqualTo(base + "/scim/v2/providers/" + tenant.providerId());
    }
}
