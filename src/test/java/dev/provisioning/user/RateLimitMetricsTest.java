package dev.provisioning.user;

import static dev.provisioning.support.ScimApi.scim;
import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.support.PrometheusScrape;
import dev.provisioning.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Every 429 of the per-provider rate limit counts once in scim_rate_limited_total and as outcome rate_limited (product.md §8.1). */
@QuarkusTest
@TestProfile(RateLimitTest.OneRequestPerSecond.class)
class RateLimitMetricsTest {

    @Test
    void everyRefusalIsCounted() throws Exception {
        TestData.Tenant busy = new TestData().tenant("Busy " + UUID.randomUUID(), false);
        PrometheusScrape before = PrometheusScrape.now();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> runs = new ArrayList<>();
        // until the bucket (a burst of 50, refilled at 25 per second) runs dry, however fast this machine serves
        for (int c = 0; c < 8; c++) {
            runs.add(clients.submit(() -> {
                for (int i = 0; i < 500 && refused.get() < 5; i++) {
                    int status = scim(busy.token()).get("/scim/v2/Users").statusCode();
                    (status == 429 ? refused : served).incrementAndGet();
                }
            }));
        }
        for (Future<?> run : runs) {
            run.get(300, TimeUnit.SECONDS);
        }
        clients.shutdown();
        PrometheusScrape after = PrometheusScrape.now();

        assertThat(refused.get()).as("requests refused once the bucket ran dry").isPositive();
        assertThat(after.value("scim_rate_limited_total") - before.value("scim_rate_limited_total")).isEqualTo(refused.get());
        String[] limited = { "resource", "User", "operation", "list", "outcome", "rate_limited" };
        String[] ok = { "resource", "User", "operation", "list", "outcome", "success" };
        assertThat(after.value("scim_requests_seconds_count", limited) - before.value("scim_requests_seconds_count", limited))
                .isEqualTo(refused.get());
        assertThat(after.value("scim_requests_seconds_count", ok) - before.value("scim_requests_seconds_count", ok))
                .isEqualTo(served.get());
    }
}
