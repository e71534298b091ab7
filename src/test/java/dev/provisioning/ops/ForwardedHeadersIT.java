package dev.provisioning.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.support.PostgresServer;
import dev.provisioning.support.ProcessTenant;
import dev.provisioning.support.ScimApi;
import dev.provisioning.support.ServiceProcess;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * product.md §8.3 with proxies configured: {@code Forwarded} and {@code X-Forwarded-*} are
 * honoured from an address in {@code QUARKUS_HTTP_PROXY_TRUSTED_PROXIES} (here the test itself,
 * 127.0.0.1), and {@code SCIM_PUBLIC_BASE_URL} wins over them and over the Host header.
 */
class ForwardedHeadersIT {
    private static PostgresServer postgres;
    private static ServiceProcess behindProxy;
    private static ServiceProcess withPublicUrl;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.start();
        behindProxy = ServiceProcess.builder("trusted-proxy").database(postgres.createDatabase())
                .env("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", "127.0.0.1").start();
        withPublicUrl = ServiceProcess.builder("public-base-url").database(postgres.createDatabase())
                .env("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", "127.0.0.1")
                .env("SCIM_PUBLIC_BASE_URL", "https://scim.example.com/").start();
        behindProxy.awaitReady();
        withPublicUrl.awaitReady();
    }

    @AfterAll
    static void stop() {
        behindProxy.close();
        withPublicUrl.close();
        postgres.close();
    }

    @Test
    void xForwardedHeadersOfATrustedProxyNameTheHost() {
        assertUrls(behindProxy, Map.of("X-Forwarded-Host", "scim.proxy.example", "X-Forwarded-Proto", "https"),
                "https://scim.proxy.example", "x-forwarded");
    }

    @Test
    void forwardedHeaderOfATrustedProxyNamesTheHost() {
        assertUrls(behindProxy, Map.of("Forwarded", "for=203.0.113.7;host=scim.proxy.example;proto=https"),
                "https://scim.proxy.example", "forwarded");
    }

    @Test
    void publicBaseUrlWinsOverForwardedHeadersAndHost() {
        assertUrls(withPublicUrl, Map.of("X-Forwarded-Host", "scim.proxy.example", "X-Forwarded-Proto", "http",
                "Forwarded", "host=scim.proxy.example;proto=http", "Host", "evil.example"), "https://scim.example.com", "public");
        assertUrls(withPublicUrl, Map.of(), "https://scim.example.com", "public-plain");
    }

    private static void assertUrls(ServiceProcess service, Map<String, String> headers, String expectedBase, String label) {
        ProcessTenant tenant = ProcessTenant.create(service.baseUri().toString(), "Proxy " + label);
        Response created = tenant.scim().headers(headers).body(ScimApi.userBody(label + "@example.com", "Proxied"))
                .post("/scim/v2/Users");
        created.then().statusCode(201);
        String id = created.path("id");
        assertThat(created.header("Location")).isEqualTo(expectedBase + "/scim/v2/Users/" + id);
        assertThat(created.<String>path("meta.location")).isEqualTo(expectedBase + "/scim/v2/Users/" + id);
        String scimBaseUrl = tenant.admin().headers(headers)
                .get("/admin/organizations/" + tenant.organizationId() + "/scim-providers/" + tenant.providerId())
                .then().statusCode(200).extract().path("scimBaseUrl");
        assertThat(scimBaseUrl).isEqualTo(expectedBase + "/scim/v2/providers/" + tenant.providerId());
    }
}
