package dev.provisioning.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.provisioning.support.Eventually;
import dev.provisioning.support.PostgresServer;
import dev.provisioning.support.ProcessTenant;
import dev.provisioning.support.ScimApi;
import dev.provisioning.support.ServiceProcess;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * product.md §9, "Database unavailable": PostgreSQL stopped under a running service, once with a fast
 * shutdown, once with an immediate one (every backend killed at once), and once frozen (SIGSTOP: every
 * connection and statement hangs, as with a host that stopped answering), while a client keeps creating
 * users. Meanwhile SCIM answers 503 with a SCIM error and {@code Retry-After}, the admin API 503 with
 * {@code {message}}, nothing waits longer than {@code scim.database.timeout} (the client gives up after
 * that plus a margin, which fails the test), readiness is DOWN within 5 s and liveness UP. Within 5 s of
 * PostgreSQL's return the service serves again, no restart. Afterwards every create answered 201 is
 * stored, and every create answered 5xx, retried as Entra does, gave exactly one user.
 */
class DatabaseOutageIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    /**
     * A request must be answered within the database timeout, plus this for the machine being busy: one timeout
     * for the whole request, however many steps wait on PostgreSQL (product.md §9: none hangs longer).
     */
    private static final int CLIENT_PATIENCE_MILLIS = (int) TIMEOUT.toMillis() + 1500;

    @Test
    void fastAndImmediateShutdownsAnswer503AndLoseNothing() throws Exception {
        try (PostgresServer postgres = PostgresServer.start()) {
            PostgresServer.Database database = postgres.createDatabase();
            try (ServiceProcess service = ServiceProcess.builder("database-outage").database(database)
                    .env("SCIM_DATABASE_PROBE_INTERVAL", "500ms").env("SCIM_DATABASE_TIMEOUT", TIMEOUT.toSeconds() + "s")
                    .env("SCIM_RATE_LIMIT_PER_PROVIDER", "0")  // a fast writer must see 201 or 503, never a 429
                    .start().awaitReady()) {
                ProcessTenant tenant = ProcessTenant.create(service.baseUri().toString(), "Outage");
                Map<String, Integer> answered = new ConcurrentHashMap<>();
                List<Throwable> writerFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
                AtomicBoolean writing = new AtomicBoolean(true);
                Thread writer = new Thread(() -> {
                    for (int i = 0; writing.get(); i++) {
                        String email = "steady-" + i + "@example.com";
                        try {
                            answered.put(email, create(tenant, email).statusCode());
                        } catch (Exception e) {  // e.g. no answer within the client's patience (a SocketTimeoutException)
                            writerFailures.add(e);
                            answered.put(email, -1);
                        }
                        pause(20);
                    }
                }, "outage-writer");
                writer.start();
                try {
                    Eventually.await(Duration.ofSeconds(10), answered::size, size -> size >= 5);
                    outage(postgres::stop, postgres::restart, service, tenant, "fast");
                    outage(postgres::stopImmediately, postgres::restart, service, tenant, "immediate");
                    outage(postgres::freeze, postgres::thaw, service, tenant, "frozen");
                } finally {
                    writing.set(false);
                    writer.join(30_000);
                }

                assertThat(writerFailures).as("creates that got no answer in time").isEmpty();
                assertThat(answered.values()).as("every create was answered 201 or 503").allMatch(s -> s == 201 || s == 503);
                assertThat(answered.values()).as("some creates failed during the outages").contains(503);
                for (Map.Entry<String, Integer> write : answered.entrySet()) {
                    if (write.getValue() == 201) {
                        assertThat(count(database, write.getKey())).as("%s answered 201 and is stored", write.getKey()).isEqualTo(1);
                    } else {
                        // Entra retries a failed create: it succeeds now (nothing half-done was left), or finds the user
                        int retried = create(tenant, write.getKey()).statusCode();
                        assertThat(retried).as("retry of %s", write.getKey()).isIn(201, 409);
                        assertThat(count(database, write.getKey())).as("%s after Entra's retry", write.getKey()).isEqualTo(1);
                    }
                }
            }
        }
    }

    /**
     * One outage: {@code stop} PostgreSQL (a fast or immediate shutdown, or frozen: nothing answers, nothing
     * refuses), check what clients and probes see, {@code resume} it, check that the service serves again.
     */
    private static void outage(Runnable stop, Runnable resume, ServiceProcess service, ProcessTenant tenant, String kind) {
        // a key this replica has never seen: its request waits on PostgreSQL twice (the key, then the work)
        String unseenKey = tenant.admin().body("{\"name\":\"unseen\",\"permissions\":[\"manage_users\"]}")
                .post("/admin/organizations/" + tenant.organizationId() + "/api-keys").then().statusCode(201).extract().path("token");
        stop.run();
        assertThat(Eventually.await(Duration.ofSeconds(5), service::readiness, status -> status == 503))
                .as("readiness within 5 s of a %s shutdown", kind).isEqualTo(503);
        RestAssured.given().baseUri(service.baseUri().toString()).get("/q/health/live").then().statusCode(200);

        String email = "during-" + kind + "@example.com";
        create(tenant, email).then().statusCode(503).header("Retry-After", "5")
                .body("schemas", contains(ScimApi.ERROR)).body("status", equalTo("503"))
                .body("detail", startsWith("The service cannot reach its database"));
        patient(tenant.scim()).get("/scim/v2/Users?filter=userName eq \"nobody@example.com\"").then().statusCode(503)
                .header("Retry-After", "5").body("schemas", contains(ScimApi.ERROR));
        patient(ScimApi.scim(unseenKey).baseUri(service.baseUri().toString())).get("/scim/v2/Users").then().statusCode(503)
                .header("Retry-After", "5").body("schemas", contains(ScimApi.ERROR));
        patient(tenant.admin()).get("/admin/organizations/" + tenant.organizationId() + "/scim-providers").then().statusCode(503)
                .header("Retry-After", "5").body("message", startsWith("The service cannot reach its database"));

        resume.run();
        int retried = Eventually.await(Duration.ofSeconds(5), () -> create(tenant, email).statusCode(), status -> status != 503);
        assertThat(retried).as("Entra's retry within 5 s of PostgreSQL's return after a %s shutdown", kind).isEqualTo(201);
        assertThat(Eventually.await(Duration.ofSeconds(5), service::readiness, status -> status == 200))
                .as("readiness within 5 s of PostgreSQL's return after a %s shutdown", kind).isEqualTo(200);
    }

    private static Response create(ProcessTenant tenant, String email) {
        return patient(tenant.scim()).body(ScimApi.userBody(email, email)).post("/scim/v2/Users");
    }

    /** A request that fails (instead of waiting) when the service does not answer within the database timeout and a margin. */
    private static RequestSpecification patient(RequestSpecification request) {
        return request.config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", CLIENT_PATIENCE_MILLIS).setParam("http.connection.timeout", 2000)));
    }

    private static int count(PostgresServer.Database database, String email) {
        List<List<String>> rows = database.query("select count(*) from users where email = '" + email + "'");
        return Integer.parseInt(rows.get(0).get(0));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
