package dev.provisioning.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.support.Eventually;
import dev.provisioning.support.PostgresServer;
import dev.provisioning.support.PrometheusScrape;
import dev.provisioning.support.ServiceProcess;
import io.restassured.RestAssured;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code scim_database_available} (product.md §8.1) follows the database: 1, 0 while it is stopped, 1 again once it is back. */
class DatabaseAvailabilityIT {

    @Test
    void gaugeFollowsTheDatabase() {
        try (PostgresServer postgres = PostgresServer.start();
                ServiceProcess service = ServiceProcess.builder("database-availability").database(postgres.createDatabase())
                        .env("SCIM_DATABASE_PROBE_INTERVAL", "500ms").start().awaitReady()) {
            assertThat(awaitGauge(service, 1.0)).isEqualTo(1.0);
            postgres.stop();
            assertThat(awaitGauge(service, 0.0)).as("while PostgreSQL is stopped").isEqualTo(0.0);
            assertThat(service.log()).anyMatch(line -> line.contains("Database unreachable"));
            postgres.restart();
            assertThat(awaitGauge(service, 1.0)).as("once PostgreSQL is back").isEqualTo(1.0);
            assertThat(service.log()).anyMatch(line -> line.contains("Database reachable again"));
        }
    }

    /** The gauge once it shows {@code expected}, or its last value after 30 s. */
    private static double awaitGauge(ServiceProcess service, double expected) {
        return Eventually.await(Duration.ofSeconds(30), () -> PrometheusScrape.parse(RestAssured.given()
                .baseUri(service.baseUri().toString()).accept("text/plain").get("/q/metrics")
                .then().statusCode(200).extract().asString()).value("scim_database_available"), value -> value == expected);
    }
}
