package dev.provisioning.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code outcome} tag of scim_requests_seconds (product.md §8.1) for each status a SCIM request can end with. */
class ScimMetricsOutcomeTest {

    @ParameterizedTest
    @CsvSource({
            "200, success", "201, success", "204, success", "304, success",
            "400, client_error", "404, client_error", "405, client_error", "412, client_error", "413, client_error",
            "415, client_error", "499, client_error",
            "401, unauthorized", "403, forbidden", "409, conflict", "429, rate_limited",
            "503, unavailable", "500, server_error", "501, server_error", "502, server_error", "504, server_error" })
    void outcomeOfStatus(int status, String outcome) {
        assertThat(ScimMetrics.outcome(status)).isEqualTo(outcome);
    }
}
