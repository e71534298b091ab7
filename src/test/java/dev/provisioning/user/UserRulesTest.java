package dev.provisioning.user;

import static dev.provisioning.support.AdminApi.admin;
import static dev.provisioning.support.AdminApi.platformAdmin;
import static dev.provisioning.support.ScimApi.ERROR;
import static dev.provisioning.support.ScimApi.scim;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.provisioning.support.EmbeddedPostgresResource;
import dev.provisioning.support.TenantTest;
import dev.provisioning.support.TestData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.DisabledOnIntegrationTest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Uniqueness rules of product.md §3.1, body limits, failure events, and the operational endpoints. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class UserRulesTest extends TenantTest {

    private String create(String userName, String email) {
        return scim(tenant.token())
                .body("{\"userName\":\"" + userName + "\",\"emails\":[{\"type\":\"work\",\"value\":\"" + email + "\"}]}")
                .post("/scim/v2/Users").then().statusCode(201).extract().path("id");
    }

    @Test
    void userNameIsUniqueIgnoringCaseAmongTheProvidersUsers() {
        create("amy@contoso.com", "amy@contoso.com");
        scim(tenant.token()).body("{\"userName\":\"AMY@contoso.com\",\"emails\":[{\"type\":\"work\",\"value\":\"amy.other@contoso.com\"}]}")
                .post("/scim/v2/Users").then().statusCode(409).body("scimType", equalTo("uniqueness"))
                .body("detail", containsString("userName"));
        assertThat(data.count("select count(*) from users where organization_id = $1", tenant.organizationId())).isEqualTo(1);
    }

    @Test
    void changingTheWorkEmailToAnotherUsersEmailIsAConflictAndChangesNothing() {
        create("bob@contoso.com", "bob@contoso.com");
        String carol = create("carol@contoso.com", "carol@contoso.com");
        scim(tenant.token()).body("{\"Operations\":[{\"op\":\"Replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"BOB@contoso.com\"},"
                        + "{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Carol C\"}]}")
                .patch("/scim/v2/Users/" + carol)
                .then().statusCode(409).body("scimType", equalTo("uniqueness")).body("detail", containsString("BOB@contoso.com"));
        assertThat(data.user(UUID.fromString(carol)).get("email")).isEqualTo("carol@contoso.com");
        assertThat(data.scimDocument(UUID.fromString(carol)).has("displayName")).isFalse();
        scim(tenant.token()).body("{\"userName\":\"carol@contoso.com\",\"emails\":[{\"type\":\"work\",\"value\":\"bob@contoso.com\"}]}")
                .put("/scim/v2/Users/" + carol).then().statusCode(409).body("scimType", equalTo("uniqueness"));
        assertThat(data.count("select count(*) from provisioning_events where resource_id = $1 and outcome = 'failure' and status = 409",
                UUID.fromString(carol))).isEqualTo(2);
    }

    @Test
    void aUserLinkedToAnotherProviderCannotBeCreatedHere() {
        UUID other = data.provider(tenant.organizationId(), "Second tenant");
        data.exec("update organizations set multi_scim_enabled = true where id = $1", tenant.organizationId());
        String providerKey = data.providerKey(tenant.organizationId(), other).token();
        scim(providerKey).body("{\"userName\":\"dora@contoso.com\",\"emails\":[{\"type\":\"work\",\"value\":\"dora@contoso.com\"}]}")
                .post("/scim/v2/Users").then().statusCode(201);
        scim(tenant.token()).body("{\"userName\":\"dora@contoso.com\",\"emails\":[{\"type\":\"work\",\"value\":\"Dora@contoso.com\"}]}")
                .post("/scim/v2/Users").then().statusCode(409).body("scimType", equalTo("uniqueness"))
                .body("detail", containsString("managed by another SCIM provider"));
    }

    @Test
    void aWriteThroughTheCachedKeyOfAProviderDeletedElsewhereIs401() {
        UUID other = data.provider(tenant.organizationId(), "Deleted elsewhere");
        data.exec("update organizations set multi_scim_enabled = true where id = $1", tenant.organizationId());
        String key = data.providerKey(tenant.organizationId(), other).token();
        scim(key).get("/scim/v2/Users").then().statusCode(200);
        // another replica deletes the provider: this one still has the key cached for a few seconds
        data.exec("delete from api_keys where scim_provider_id = $1", other);
        data.exec("delete from scim_providers where id = $1", other);
        scim(key).body("{\"userName\":\"late@contoso.com\"}").post("/scim/v2/Users")
                .then().statusCode(401).body("schemas", contains(ERROR)).body("detail", containsString("no longer exists"));
        assertThat(data.count("select count(*) from users where organization_id = $1", tenant.organizationId())).isZero();
    }

    @Test
    void bodiesAboveTheLimitGet413WithAScimBody() {
        String big = "x".repeat(1_100_000);
        scim(tenant.token()).body("{\"userName\":\"big@contoso.com\",\"title\":\"" + big + "\"}").post("/scim/v2/Users")
                .then().statusCode(413).contentType(startsWith("application/scim+json"))
                .body("schemas", contains(ERROR)).body("status", equalTo("413"));
        assertThat(data.count("select count(*) from users where organization_id = $1", tenant.organizationId())).isZero();
    }

    @Test
    void keysAreStoredAsHashesAndLastUsedAtIsRecordedInBatches() {
        assertThat(data.count("select count(*) from api_keys where id = $1 and encode(token_hash, 'hex') = $2 and hint = $3",
                tenant.keyId(), dev.provisioning.security.ApiTokens.hash(tenant.token()),
                tenant.token().substring(tenant.token().length() - 4))).isEqualTo(1);
        assertThat(data.count("select count(*) from api_keys where id = $1 and last_used_at is null", tenant.keyId())).isEqualTo(1);
        scim(tenant.token()).get("/scim/v2/Users").then().statusCode(200);
        // not written per request: the periodic flush writes it, and so does listing the keys, which flushes first
        admin(platformAdmin()).get("/admin/organizations/" + tenant.organizationId() + "/api-keys")
                .then().statusCode(200).body("find { it.id == '" + tenant.keyId() + "' }.lastUsedAt", notNullValue());
        assertThat(data.count("select count(*) from api_keys where id = $1 and last_used_at > now() - interval '1 minute'",
                tenant.keyId())).isEqualTo(1);
    }

    @Test
    @DisabledOnIntegrationTest("reads a setting of the service's own pool, which only an in-process test can reach")
    void everyPoolConnectionUsesGenericPlans() {
        assertThat(data.query("select current_setting('plan_cache_mode')").iterator().next().getString(0))
                .isEqualTo("force_generic_plan");
    }

    @Test
    void operationalEndpointsAnswer() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        scim(tenant.token()).get("/scim/v2/Users").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests_seconds_count"));
        given().get("/q/openapi").then().statusCode(200);
    }
}
