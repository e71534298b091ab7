package dev.provisioning.ops;

import static dev.provisioning.support.AdminApi.admin;
import static dev.provisioning.support.AdminApi.orgAdmin;
import static dev.provisioning.support.ScimApi.createUser;
import static dev.provisioning.support.ScimApi.scim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.provisioning.support.CapturedLog;
import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.TenantTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request ids and access lines of product.md §8.2: an {@code X-Request-Id} taken when sane and
 * echoed, one {@code scim.access} line per SCIM and admin request with the route template (never
 * the path or query), and the same id in every log line of the request and in 500 bodies.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class AccessLogTest extends TenantTest {
    private static final String UUID_TEXT = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    @ParameterizedTest
    @ValueSource(strings = { "/scim/v2/ServiceProviderConfig", "/admin/organizations", "/q/health/live" })
    void saneRequestIdIsTakenAndEchoed(String path) {
        String id = "lb-" + UUID.randomUUID() + ".1_x";
        scim(tenant.token()).header("X-Request-Id", id).get(path).then().header("X-Request-Id", id);
    }

    @Test
    void requestIdOf128CharactersIsTaken() {
        String id = "a".repeat(127) + "b";
        scim(tenant.token()).header("X-Request-Id", id).get("/scim/v2/Users").then().statusCode(200).header("X-Request-Id", id);
    }

    @ParameterizedTest
    @ValueSource(strings = { "has space", "quote\"d", "emoji\u00e9", "{\"level\":\"ERROR\"}" })
    void insaneRequestIdIsReplacedByAGeneratedOne(String offered) {
        String echoed = scim(tenant.token()).header("X-Request-Id", offered).get("/scim/v2/Users")
                .then().statusCode(200).extract().header("X-Request-Id");
        assertThat(echoed).matches(UUID_TEXT);
    }

    @Test
    void tooLongRequestIdIsReplaced() {
        String echoed = scim(tenant.token()).header("X-Request-Id", "a".repeat(129)).get("/scim/v2/Users")
                .then().statusCode(200).extract().header("X-Request-Id");
        assertThat(echoed).matches(UUID_TEXT);
    }

    @Test
    void missingRequestIdIsGeneratedAndDiffersPerRequest() {
        String first = scim(tenant.token()).get("/scim/v2/Users").then().statusCode(200).extract().header("X-Request-Id");
        String second = scim(tenant.token()).get("/scim/v2/Users").then().statusCode(200).extract().header("X-Request-Id");
        assertThat(first).matches(UUID_TEXT);
        assertThat(second).matches(UUID_TEXT).isNotEqualTo(first);
    }

    @Test
    void oneAccessLineForAScimRequestWithTemplateCallerAndNoQuery() {
        String id = createUser(tenant.token(), "access.line@example.com", "Access Line");
        try (CapturedLog log = new CapturedLog(AccessLog.CATEGORY)) {
            String requestId = "req-" + UUID.randomUUID();
            scim(tenant.token()).header("X-Request-Id", requestId)
                    .queryParam("filter", "userName eq \"access.line@example.com\"")
                    .get("/scim/v2/Users").then().statusCode(200);
            assertAccessLine(log, requestId, "GET", "/scim/v2/Users", 200, tenant.organizationId(), tenant.providerId());

            String second = "req-" + UUID.randomUUID();
            scim(tenant.token()).header("X-Request-Id", second)
                    .get("/scim/v2/providers/" + tenant.providerId() + "/Users/" + id).then().statusCode(200);
            assertAccessLine(log, second, "GET", "/scim/v2/providers/{providerId}/Users/{id}", 200, tenant.organizationId(),
                    tenant.providerId());

            for (ExtLogRecord record : log.records()) {
                assertThat(record.getFormattedMessage()).doesNotContain("access.line@example.com", "filter", id, tenant.token());
                assertThat(record.getMdcCopy().values()).noneMatch(value -> value.contains("@") || value.contains(tenant.token()));
            }
        }
    }

    @Test
    void refusedScimRequestsAreLoggedWithoutACaller() {
        try (CapturedLog log = new CapturedLog(AccessLog.CATEGORY)) {
            String unknown = "req-" + UUID.randomUUID();
            scim("scim_not-a-real-token").header("X-Request-Id", unknown).get("/scim/v2/Groups/" + UUID.randomUUID())
                    .then().statusCode(401);
            assertAccessLine(log, unknown, "GET", "/scim/v2/Groups/{id}", 401, null, null);

            String tooLarge = "req-" + UUID.randomUUID();
            scim(tenant.token()).header("X-Request-Id", tooLarge).body("x".repeat(1_048_577)).post("/scim/v2/Users")
                    .then().statusCode(413);
            assertAccessLine(log, tooLarge, "POST", "/scim/v2/Users", 413, null, null);
        }
    }

    @Test
    void oneAccessLineForAnAdminRequestWithTheMatchedTemplate() {
        try (CapturedLog log = new CapturedLog(AccessLog.CATEGORY)) {
            String requestId = "req-" + UUID.randomUUID();
            admin(orgAdmin(tenant.organizationId())).header("X-Request-Id", requestId)
                    .get("/admin/organizations/" + tenant.organizationId() + "/scim-providers/" + tenant.providerId())
                    .then().statusCode(200);
            assertAccessLine(log, requestId, "GET", "/admin/organizations/{orgId}/scim-providers/{providerId}", 200,
                    tenant.organizationId(), tenant.providerId());

            String unauthenticated = "req-" + UUID.randomUUID();
            given().header("X-Request-Id", unauthenticated).get("/admin/organizations").then().statusCode(401);
            assertAccessLine(log, unauthenticated, "GET", "/admin/organizations", 401, null, null);

            String unmatched = "req-" + UUID.randomUUID();
            given().header("X-Request-Id", unmatched).get("/admin/jane@example.com").then().statusCode(404);
            assertAccessLine(log, unmatched, "GET", "/admin/{unmatched}", 404, null, null);
        }
    }

    @Test
    void healthAndMetricsAreNotAccessLogged() {
        try (CapturedLog log = new CapturedLog(AccessLog.CATEGORY)) {
            String requestId = "req-" + UUID.randomUUID();
            given().header("X-Request-Id", requestId).get("/q/health/ready").then().statusCode(200);
            given().header("X-Request-Id", requestId).get("/q/metrics").then().statusCode(200);
            String marker = "req-" + UUID.randomUUID();
            scim(tenant.token()).header("X-Request-Id", marker).get("/scim/v2/Users").then().statusCode(200);
            log.ofRequest(marker, 1);
            assertThat(log.records()).noneMatch(record -> requestId.equals(record.getMdc("requestId")));
        }
    }

    @Test
    void serverErrorBodyLogLinesAndHeaderShareTheRequestIdAndTheTrace() {
        try (CapturedLog log = new CapturedLog("dev.provisioning", AccessLog.CATEGORY)) {
            String requestId = "req-" + UUID.randomUUID();
            Response response = given().header("X-Request-Id", requestId).header("traceparent", TRACEPARENT)
                    .get("/admin/test-only/failure");
            response.then().statusCode(500).header("X-Request-Id", requestId)
                    .body("message", equalTo("Internal error (request id " + requestId + ")"));
            assertThat(response.asString()).doesNotContain("hunter2", "IllegalStateException");

            List<ExtLogRecord> lines = log.ofRequest(requestId, 3);
            assertThat(lines).extracting(ExtLogRecord::getLoggerName)
                    .containsExactlyInAnyOrder(FailingTestResource.class.getName(), "dev.provisioning.web.ErrorMappers",
                            AccessLog.CATEGORY);
            for (ExtLogRecord line : lines) {
                assertThat(line.getMdc("traceId")).as(line.getLoggerName()).isEqualTo(TRACE_ID);
            }
            ExtLogRecord error = lines.stream().filter(line -> line.getLevel() == org.jboss.logmanager.Level.ERROR).findFirst()
                    .orElseThrow();
            assertThat(error.getFormattedMessage())
                    .isEqualTo("Unexpected failure on GET /admin/test-only/failure (request id " + requestId + ")");
            assertThat(lines.stream().filter(line -> line.getLoggerName().equals(AccessLog.CATEGORY)).findFirst().orElseThrow()
                    .getMdc("status")).isEqualTo("500");
        }
    }

    @Test
    void accessLevelIsInfoInItsOwnCategory() {
        try (CapturedLog log = new CapturedLog(AccessLog.CATEGORY)) {
            String requestId = "req-" + UUID.randomUUID();
            scim(tenant.token()).header("X-Request-Id", requestId).get("/scim/v2/Users").then().statusCode(200);
            ExtLogRecord line = log.ofRequest(requestId, 1).get(0);
            assertThat(line.getLevel()).isEqualTo(Level.INFO);
            assertThat(line.getLoggerName()).isEqualTo("scim.access");
        }
    }

    private static void assertAccessLine(CapturedLog log, String requestId, String method, String route, int status,
            UUID organization, UUID provider) {
        List<ExtLogRecord> lines = log.ofRequest(requestId, 1);
        assertThat(lines).as("access lines of " + requestId).hasSize(1);
        Map<String, String> mdc = lines.get(0).getMdcCopy();
        assertThat(mdc).containsEntry("requestId", requestId)
                .containsEntry("method", method)
                .containsEntry("route", route)
                .containsEntry("status", Integer.toString(status))
                .containsKey("durationMs");
        assertThat(Long.parseLong(mdc.get("durationMs"))).isNotNegative();
        if (organization == null) {
            assertThat(mdc).doesNotContainKey("organizationId");
        } else {
            assertThat(mdc).containsEntry("organizationId", organization.toString());
        }
        if (provider == null) {
            assertThat(mdc).doesNotContainKey("providerId");
        } else {
            assertThat(mdc).containsEntry("providerId", provider.toString());
        }
        assertThat(lines.get(0).getFormattedMessage()).startsWith(method + " " + route + " " + status + " ");
    }
}
