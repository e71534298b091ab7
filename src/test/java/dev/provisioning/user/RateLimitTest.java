package dev.provisioning.user;

import static dev.provisioning.support.ScimApi.ERROR;
import static dev.provisioning.support.ScimApi.scim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import dev.provisioning.organization.OrganizationSetup;
import dev.provisioning.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Per-provider rate limit (product.md §7): over the limit, 429 with Retry-After and a SCIM body; other providers unaffected. */
@QuarkusTest
@TestProfile(RateLimitTest.OneRequestPerSecond.class)
class RateLimitTest {

    public static class OneRequestPerSecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("scim.rate-limit.per-provider", "1");
        }
    }

    @Inject
    Pool pool;

    @Inject
    OrganizationSetup setup;

    @Test
    void overTheLimitIs429WithRetryAfterPerProvider() {
        TestData data = new TestData(pool, setup);
        TestData.Tenant busy = data.tenant("Busy " + UUID.randomUUID(), false);
        TestData.Tenant quiet = data.tenant("Quiet " + UUID.randomUUID(), false);
        List<Integer> statuses = new ArrayList<>();
        Response limited = null;
        for (int i = 0; i < 5; i++) {
            Response response = scim(busy.token()).get("/scim/v2/Users");
            statuses.add(response.statusCode());
            if (response.statusCode() == 429 && limited == null) {
                limited = response;
            }
        }
        // a burst of twice the rate passes, then the bucket is empty
        assertThat(statuses.subList(0, 2)).containsOnly(200);
        assertThat(statuses).contains(429);
        limited.then().header("Retry-After", equalTo("1")).body("schemas", contains(ERROR)).body("status", equalTo("429"));
        scim(quiet.token()).get("/scim/v2/Users").then().statusCode(200);
    }
}
