package dev.provisioning.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provisioning.support.PostgresServer;
import dev.provisioning.support.ProcessTenant;
import dev.provisioning.support.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * product.md §8.4: two replicas started at the same moment against one empty database run the
 * migrations once (Flyway's lock) and both become ready, serving the same data; without a shared OAuth
 * token signing key each warns, once it sees the other, that the others will not accept its tokens.
 */
class ReplicasStartIT {

    @Test
    void twoReplicasOnAnEmptyDatabaseMigrateOnceAndBothBecomeReady() throws IOException {
        List<String> migrations;
        try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "db", "migration"))) {
            migrations = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.+\\.sql"))
                    .map(name -> name.substring(1, name.indexOf("__")))
                    .sorted((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)))
                    .toList();
        }
        try (PostgresServer postgres = PostgresServer.start()) {
            PostgresServer.Database database = postgres.createDatabase();
            try (ServiceProcess first = ServiceProcess.builder("replica-a").database(database).start();
                    ServiceProcess second = ServiceProcess.builder("replica-b").database(database).start()) {
                first.awaitReady();
                second.awaitReady();

                assertThat(database.query("select version, success from flyway_schema_history where version is not null"
                        + " order by installed_rank"))
                        .as("each migration applied exactly once, successfully")
                        .containsExactlyElementsOf(migrations.stream().map(version -> List.of(version, "t")).toList());

                ProcessTenant tenant = ProcessTenant.create(first.baseUri().toString(), "Two replicas");
                String id = tenant.scim().body(dev.provisioning.support.ScimApi.userBody("replica@example.com", "Replica"))
                        .post("/scim/v2/Users").then().statusCode(201).extract().path("id");
                dev.provisioning.support.ScimApi.scim(tenant.token()).baseUri(second.baseUri().toString())
                        .get("/scim/v2/Users/" + id).then().statusCode(200);

                // started without SCIM_OAUTH_TOKEN_SIGNING_KEY: each says so at start (INFO: alone, that is fine) and
                // warns once it sees the other replica, whose tokens it will refuse
                for (ServiceProcess replica : List.of(first, second)) {
                    List<String> said = dev.provisioning.support.Eventually.await(java.time.Duration.ofSeconds(15),
                            () -> replica.log().stream().filter(line -> line.contains("SCIM_OAUTH_TOKEN_SIGNING_KEY")).toList(),
                            lines -> lines.size() >= 2);
                    assertThat(said).as(replica.name()).hasSize(2);
                    assertThat(said.get(0)).contains("\"level\":\"INFO\"").contains("other replicas will not accept them");
                    assertThat(said.get(1)).contains("\"level\":\"WARN\"").contains("2 replicas are running.")
                            .contains("other replicas will not accept them").contains("after a restart");
                }
            }
        }
    }
}
