package dev.provisioning.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import dev.provisioning.support.PostgresServer;
import dev.provisioning.support.ProcessTenant;
import dev.provisioning.support.ScimApi;
import dev.provisioning.support.SelfSignedCertificate;
import dev.provisioning.support.ServiceProcess;
import dev.provisioning.support.TlsProbe;
import io.restassured.RestAssured;
import io.restassured.config.RestAssuredConfig;
import io.restassured.config.SSLConfig;
import io.restassured.response.Response;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Set-up (b) of product.md §8.3: TLS in the service from PEM files, TLS 1.2 and 1.3 only, plain
 * HTTP switched off; Entra's calls over HTTPS name https URLs. The certificate is made by the test.
 */
class HttpsIT {
    private static PostgresServer postgres;
    private static ServiceProcess service;
    private static int httpsPort;
    private static String base;
    private static RestAssuredConfig previous;

    @BeforeAll
    static void start() throws Exception {
        Path folder = Files.createTempDirectory("it-tls");
        SelfSignedCertificate certificate = SelfSignedCertificate.create(folder);
        httpsPort = ServiceProcess.freePort();
        postgres = PostgresServer.start();
        service = ServiceProcess.builder("https")
                .database(postgres.createDatabase())
                .env("QUARKUS_HTTP_SSL_CERTIFICATE_FILES", certificate.certificatePem().toString())
                .env("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES", certificate.privateKeyPem().toString())
                .env("QUARKUS_HTTP_SSL_PORT", Integer.toString(httpsPort))
                .env("QUARKUS_HTTP_INSECURE_REQUESTS", "disabled")
                .env("SCIM_BOOTSTRAP_ENABLED", "true")
                .start();
        service.awaitLog(line -> line.contains("Listening on: https://"), Duration.ofSeconds(90));
        base = "https://localhost:" + httpsPort;
        previous = RestAssured.config;
        RestAssured.config = RestAssured.config().sslConfig(SSLConfig.sslConfig()
                .trustStore(certificate.trustStore().toString(), certificate.password()).trustStoreType("PKCS12"));
    }

    @AfterAll
    static void stop() {
        RestAssured.config = previous;
        if (service != null) {
            service.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void entraCallsOverHttpsAndGetsHttpsUrls() {
        RestAssured.given().baseUri(base).get("/q/health/ready").then().statusCode(200);
        ProcessTenant tenant = ProcessTenant.create(base, "Over HTTPS");
        Response created = tenant.scim().body(ScimApi.userBody("tls.user@example.com", "TLS User")).post("/scim/v2/Users");
        created.then().statusCode(201);
        String id = created.path("id");
        assertThat(created.header("Location")).isEqualTo(base + "/scim/v2/Users/" + id);
        assertThat(created.<String>path("meta.location")).isEqualTo(base + "/scim/v2/Users/" + id);
        tenant.admin().get("/admin/organizations/" + tenant.organizationId() + "/scim-providers/" + tenant.providerId())
                .then().statusCode(200).body("scimBaseUrl", equalTo(base + "/scim/v2/providers/" + tenant.providerId()));
    }

    @Test
    void theConsoleSessionCookieIsSecureOverHttps() {
        String link = service.awaitLog(line -> line.contains("/console/sign-in?ticket="), Duration.ofSeconds(30));
        java.util.regex.Matcher ticketIn = java.util.regex.Pattern.compile("ticket=([A-Za-z0-9_-]+)").matcher(link);
        assertThat(ticketIn.find()).isTrue();
        String ticket = ticketIn.group(1);
        Response form = RestAssured.given().baseUri(base).get("/console/sign-in?ticket=" + ticket);
        form.then().statusCode(200);
        java.util.regex.Matcher csrfIn = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.asString());
        assertThat(csrfIn.find()).as("the sign-in form's csrf field").isTrue();
        String csrf = csrfIn.group(1);
        Response signedIn = RestAssured.given().baseUri(base).redirects().follow(false).cookie("console_sign_in", csrf)
                .formParam("ticket", ticket).formParam("csrf", csrf).post("/console/sign-in");
        signedIn.then().statusCode(303);
        assertThat(signedIn.getHeaders().getValues("Set-Cookie").stream().filter(c -> c.startsWith("console_session="))
                .findFirst().orElseThrow()).contains("Secure").contains("HttpOnly").contains("SameSite=Lax");
    }

    @Test
    void plainHttpIsOff() {
        assertThatThrownBy(() -> new Socket("localhost", service.httpPort()).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void onlyTls12And13AreAccepted() {
        assertThat(TlsProbe.probe("localhost", httpsPort, "TLSv1.3")).isEqualTo("NEGOTIATED TLSv1.3");
        assertThat(TlsProbe.probe("localhost", httpsPort, "TLSv1.2")).isEqualTo("NEGOTIATED TLSv1.2");
        // a fatal alert: the server refused what this client was able to speak
        assertThat(TlsProbe.probe("localhost", httpsPort, "TLSv1.1")).startsWith("REFUSED").contains("fatal alert");
        assertThat(TlsProbe.probe("localhost", httpsPort, "TLSv1")).startsWith("REFUSED").contains("fatal alert");
    }
}
