package dev.provisioning.user;

import static dev.provisioning.support.ScimApi.ERROR;
import static dev.provisioning.support.ScimApi.scim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import dev.provisioning.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
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
            return Map.of("scim.rate-limit.per-provider", "1");  // raised to the floor of 25
        }
    }

    @Test
    void overTheLimitIs429WithRetryAfterPerProvider() {
        TestData data = new TestData();
        TestData.Tenant busy = data.tenant("Busy " + UUID.randomUUID(), false);
        TestData.Tenant quiet = data.tenant("Quiet " + UUID.randomUUID(), false);
        // the first 50 requests (a burst of twice the floor of 25 rps) all pass
        for (int i = 0; i < 40; i++) {
            scim(busy.token()).get("/scim/v2/Users").then().statusCode(200);
        }
        // then, from 8 clients at once, the bucket runs dry long before 600 requests
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(8);
        java.util.concurrent.atomic.AtomicReference<Response> limited = new java.util.concurrent.atomic.AtomicReference<>();
        List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            runs.add(clients.submit(() -> {
                for (int i = 0; i < 75 && limited.get() == null; i++) {
                    Response response = scim(busy.token()).get("/scim/v2/Users");
                    if (response.statusCode() == 429) {
                        limited.compareAndSet(null, response);
                    }
                }
            }));
        }
        for (java.util.concurrent.Future<?> run : runs) {
            try {
                run.get(120, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        clients.shutdown();
        assertThat(limited.get()).as("a 429 once the bucket is empty").isNotNull();
        limited.get().then().header("Retry-After", equalTo("1")).body("schemas", contains(ERROR)).body("status", equalTo("429"));
        scim(quiet.token()).get("/scim/v2/Users").then().statusCode(200);
    }

    /** A bulk request is one request at the door, but each further operation is charged (product.md §11): never refused for its size. */
    @Test
    void bulkOperationsCountAgainstTheLimit() {
        TestData data = new TestData();
        TestData.Tenant bulky = data.tenant("Bulky " + UUID.randomUUID(), false);
        StringBuilder operations = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            operations.append(i == 0 ? "" : ",").append("{\"method\":\"DELETE\",\"path\":\"/Users/")
                    .append(UUID.randomUUID()).append("\"}");
        }
        // 300 operations on a bucket of 50: accepted, every operation answered
        scim(bulky.token()).body("{\"Operations\":[" + operations + "]}").post("/scim/v2/Bulk")
                .then().statusCode(200).body("Operations.size()", equalTo(300));
        // the debt (about 250 requests at 25 per second) makes the next request wait
        Response next = scim(bulky.token()).get("/scim/v2/Users");
        next.then().statusCode(429).body("schemas", contains(ERROR));
        assertThat(Long.parseLong(next.header("Retry-After"))).isGreaterThanOrEqualTo(2);
    }
}
