package dev.provisioning.ops;

import static dev.provisioning.support.AdminApi.admin;
import static dev.provisioning.support.AdminApi.orgAdmin;
import static dev.provisioning.support.ScimApi.anonymous;
import static dev.provisioning.support.ScimApi.createUser;
import static dev.provisioning.support.ScimApi.scim;
import static dev.provisioning.support.ScimApi.userBody;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.support.TestData;
import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.PrometheusScrape;
import dev.provisioning.support.TenantTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The SCIM metrics of product.md §8.1, read from {@code /q/metrics} as Prometheus shows them:
 * exact increments per tag set after known requests, and no tag value that is an id, email or token.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class ScimMetricsTest extends TenantTest {
    private static final String REQUESTS = "scim_requests_seconds_count";
    private static final String EVENTS = "scim_provisioning_events_total";
    private static final String AUTH = "scim_auth_failures_total";
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Test
    void everyScimRequestIsTimedByResourceOperationAndOutcome() {
        String id = createUser(tenant.token(), "metrics.subject@example.com", "Metrics Subject");
        String patch = """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"displayName","value":"Renamed"}]}""";
        PrometheusScrape before = PrometheusScrape.now();

        scim(tenant.token()).body(userBody("metrics.other@example.com", "Other")).post("/scim/v2/Users").then().statusCode(201);
        scim(tenant.token()).body(userBody("metrics.other@example.com", "Other")).post("/scim/v2/Users").then().statusCode(409);
        scim(tenant.token()).get("/scim/v2/Users/" + id).then().statusCode(200);
        scim(tenant.token()).get("/scim/v2/Users/" + UUID.randomUUID()).then().statusCode(404);
        scim(tenant.token()).queryParam("filter", "userName eq \"metrics.subject@example.com\"").get("/scim/v2/Users")
                .then().statusCode(200);
        scim(tenant.token()).body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"]}")
                .post("/scim/v2/Users/.search").then().statusCode(200);
        scim(tenant.token()).body(userBody("metrics.subject@example.com", "Replaced")).put("/scim/v2/Users/" + id)
                .then().statusCode(200);
        scim(tenant.token()).body(patch).patch("/scim/v2/providers/" + tenant.providerId() + "/Users/" + id).then().statusCode(200);
        scim(tenant.token()).delete("/scim/v2/Users/" + id).then().statusCode(204);
        scim(tenant.token()).body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"Metrics\"}")
                .post("/scim/v2/Groups").then().statusCode(201);
        scim(tenant.token()).get("/scim/v2/ServiceProviderConfig").then().statusCode(200);
        scim(tenant.token()).get("/scim/v2/Schemas").then().statusCode(200);
        anonymous().get("/scim/v2/Groups").then().statusCode(401);
        scim(tenant.token()).body("x".repeat(1_048_577)).post("/scim/v2/Users").then().statusCode(413);

        PrometheusScrape after = PrometheusScrape.now();
        Map<List<String>, Double> expected = Map.ofEntries(
                Map.entry(List.of("User", "create", "success"), 1.0),
                Map.entry(List.of("User", "create", "conflict"), 1.0),
                Map.entry(List.of("User", "create", "client_error"), 1.0),
                Map.entry(List.of("User", "read", "success"), 1.0),
                Map.entry(List.of("User", "read", "client_error"), 1.0),
                Map.entry(List.of("User", "list", "success"), 1.0),
                Map.entry(List.of("User", "search", "success"), 1.0),
                Map.entry(List.of("User", "replace", "success"), 1.0),
                Map.entry(List.of("User", "patch", "success"), 1.0),
                Map.entry(List.of("User", "delete", "success"), 1.0),
                Map.entry(List.of("Group", "create", "success"), 1.0),
                Map.entry(List.of("Group", "list", "unauthorized"), 1.0),
                Map.entry(List.of("discovery", "read", "success"), 1.0),
                Map.entry(List.of("discovery", "list", "success"), 1.0));
        expected.forEach((tags, count) -> assertThat(delta(before, after, REQUESTS, tags))
                .as(REQUESTS + " " + tags).isEqualTo(count));
        double total = after.series(REQUESTS).values().stream().mapToDouble(Double::doubleValue).sum()
                - before.series(REQUESTS).values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(total).as("no other SCIM request was counted").isEqualTo(14.0);
        assertThat(after.value("scim_requests_seconds_bucket", "resource", "User", "operation", "read", "outcome", "success",
                "le", "+Inf")).isEqualTo(after.value(REQUESTS, "resource", "User", "operation", "read", "outcome", "success"));
    }

    @Test
    void provisioningEventsAreCountedByOperationAndOutcome() {
        UUID unlinked = data.productUser(tenant.organizationId(), "metrics.claim@example.com", "Claim Me", "regular");
        PrometheusScrape before = PrometheusScrape.now();

        String created = createUser(tenant.token(), "metrics.create@example.com", "Create Me");
        scim(tenant.token()).body(userBody("metrics.claim@example.com", "Claim Me")).post("/scim/v2/Users").then().statusCode(201);
        scim(tenant.token()).body(userBody("metrics.create@example.com", "Again")).post("/scim/v2/Users").then().statusCode(409);
        scim(tenant.token()).body(userBody("metrics.create@example.com", "Replaced")).put("/scim/v2/Users/" + created)
                .then().statusCode(200);
        scim(tenant.token()).body("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"active","value":false}]}""").patch("/scim/v2/Users/" + unlinked)
                .then().statusCode(200);
        scim(tenant.token()).delete("/scim/v2/Users/" + created).then().statusCode(204);
        scim(tenant.token()).delete("/scim/v2/Users/" + created).then().statusCode(404);

        PrometheusScrape after = PrometheusScrape.now();
        assertThat(eventDelta(before, after, "create", "success")).isEqualTo(1.0);
        assertThat(eventDelta(before, after, "claim", "success")).isEqualTo(1.0);
        assertThat(eventDelta(before, after, "create", "failure")).isEqualTo(1.0);
        assertThat(eventDelta(before, after, "replace", "success")).isEqualTo(1.0);
        assertThat(eventDelta(before, after, "patch", "success")).isEqualTo(1.0);
        assertThat(eventDelta(before, after, "delete", "success")).isEqualTo(1.0);
        assertThat(eventDelta(before, after, "delete", "failure")).isEqualTo(1.0);
        assertThat(eventDelta(before, after, "claim", "failure")).isZero();
        assertThat(data.count("select count(*) from provisioning_events where scim_provider_id = $1", tenant.providerId()))
                .as("one event row per counted event").isEqualTo(7);
    }

    @Test
    void authFailuresAreCountedByReason() {
        UUID otherProvider = data.provider(tenant.organizationId(), "Other tenant");
        TestData.Key withoutPermission = data.orgKey(tenant.organizationId(), List.of());
        TestData.Key revoked = data.orgKey(tenant.organizationId(), List.of("manage_users"));
        admin(orgAdmin(tenant.organizationId()))
                .delete("/admin/organizations/" + tenant.organizationId() + "/api-keys/" + revoked.id()).then().statusCode(204);
        PrometheusScrape before = PrometheusScrape.now();

        anonymous().get("/scim/v2/Users").then().statusCode(401);
        given().header("Authorization", "Basic dXNlcjpwYXNz").get("/scim/v2/Users").then().statusCode(401);
        given().header("Authorization", "Bearer").get("/scim/v2/Users").then().statusCode(401);
        scim("scim_" + UUID.randomUUID()).get("/scim/v2/Users").then().statusCode(401);
        scim(revoked.token()).get("/scim/v2/Users").then().statusCode(401);
        scim(withoutPermission.token()).get("/scim/v2/Users").then().statusCode(403);
        scim(tenant.token()).get("/scim/v2/providers/" + otherProvider + "/Users").then().statusCode(401);
        scim(tenant.token()).get("/scim/v2/providers/not-a-provider/Users").then().statusCode(401);

        PrometheusScrape after = PrometheusScrape.now();
        assertThat(after.value(AUTH, "reason", "missing") - before.value(AUTH, "reason", "missing")).isEqualTo(1.0);
        assertThat(after.value(AUTH, "reason", "malformed") - before.value(AUTH, "reason", "malformed")).isEqualTo(2.0);
        assertThat(after.value(AUTH, "reason", "unknown") - before.value(AUTH, "reason", "unknown")).isEqualTo(1.0);
        assertThat(after.value(AUTH, "reason", "revoked") - before.value(AUTH, "reason", "revoked")).isEqualTo(1.0);
        assertThat(after.value(AUTH, "reason", "forbidden") - before.value(AUTH, "reason", "forbidden")).isEqualTo(1.0);
        assertThat(after.value(AUTH, "reason", "wrong_provider") - before.value(AUTH, "reason", "wrong_provider")).isEqualTo(2.0);
    }

    @Test
    void everySeriesIsThereFromTheStartAndTheDatabaseIsAvailable() {
        PrometheusScrape now = PrometheusScrape.now();
        for (String reason : List.of("missing", "malformed", "unknown", "revoked", "forbidden", "wrong_provider")) {
            assertThat(now.series(AUTH)).containsKey(AUTH + "{reason=" + reason + "}");
        }
        for (String operation : List.of("create", "claim", "replace", "patch", "delete")) {
            assertThat(now.series(EVENTS)).containsKeys(EVENTS + "{operation=" + operation + ", outcome=success}",
                    EVENTS + "{operation=" + operation + ", outcome=failure}");
        }
        assertThat(now.series("scim_rate_limited_total")).containsKey("scim_rate_limited_total{}");
        assertThat(now.value("scim_database_available")).isEqualTo(1.0);
        assertThat(now.series("postgresql_queue_size")).as("per-connection gauge filtered").isEmpty();
    }

    @Test
    void noScimTagValueIsAnIdEmailOrToken() {
        createUser(tenant.token(), "metrics.tags@example.com", "Tags");
        scim(tenant.token()).get("/scim/v2/providers/" + tenant.providerId() + "/Users").then().statusCode(200);
        scim(tenant.token() + "x").get("/scim/v2/Users/" + UUID.randomUUID()).then().statusCode(401);
        // refused before any route matched (the pre-matching filter), and by the framework: ids and emails in the path
        scim(tenant.token() + "x").get("/scim/v2/Users/jane.doe@example.com").then().statusCode(401);
        scim(tenant.token() + "x").get("/scim/v2/providers/" + tenant.providerId() + "/Users/" + UUID.randomUUID()).then().statusCode(401);
        scim(tenant.token()).get("/scim/v2/Users?filter=userName eq \"jane.doe@example.com\"").then().statusCode(200);
        given().get("/no-such-page/" + UUID.randomUUID() + "/jane.doe@example.com").then().statusCode(404);
        String text = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
        List<String> scimLines = text.lines().filter(line -> line.startsWith("scim_")).toList();
        assertThat(scimLines).isNotEmpty();
        // every series of the scrape, the framework's own (http_server_requests_seconds' uri tag) included
        List<String> series = text.lines().filter(line -> !line.startsWith("#")).toList();
        assertThat(series).anyMatch(line -> line.startsWith("http_server_requests_seconds_count") && line.contains("uri=\"/scim/v2/Users/{id}\""))
                .allSatisfy(line -> {
                    assertThat(UUID_TEXT.matcher(line).find()).as(line).isFalse();
                    assertThat(line).as(line).doesNotContain("@", tenant.token());
                });
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, List<String> tags) {
        String[] labels = { "resource", tags.get(0), "operation", tags.get(1), "outcome", tags.get(2) };
        return after.value(name, labels) - before.value(name, labels);
    }

    private static double eventDelta(PrometheusScrape before, PrometheusScrape after, String operation, String outcome) {
        return after.value(EVENTS, "operation", operation, "outcome", outcome) - before.value(EVENTS, "operation", operation,
                "outcome", outcome);
    }
}
