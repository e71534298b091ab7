package dev.provisioning.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.provisioning.cluster.ChangeNotices;
import dev.provisioning.support.Eventually;
import dev.provisioning.support.PostgresServer;
import dev.provisioning.support.ProcessTenant;
import dev.provisioning.support.PrometheusScrape;
import dev.provisioning.support.ScimApi;
import dev.provisioning.support.ServiceProcess;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * product.md §9, "Several replicas": two service processes on one PostgreSQL, behind no load balancer —
 * the test sends each request to the replica it names.
 */
class ReplicasIT {
    /** The deployment's limit in these tests: Entra's floor, so that a test client easily goes beyond it. */
    private static final int RATE_LIMIT = 25;
    /** What "every replica within 1 s" gives a test (product.md §9). */
    private static final Duration WITHIN = Duration.ofSeconds(1);
    /** The one OAuth token signing key of the deployment, as k8s/secret.yaml gives it to every replica. */
    private static final String SIGNING_KEY = Base64.getEncoder().encodeToString(randomBytes(32));

    private static PostgresServer postgres;
    private static PostgresServer.Database database;
    private static ServiceProcess a;
    private static ServiceProcess b;

    @BeforeAll
    static void startTwoReplicas() {
        postgres = PostgresServer.start();
        database = postgres.createDatabase();
        a = replica("replica-a").start();
        a.awaitReady();  // migrations first, so that the second one starts on a migrated database
        b = replica("replica-b").start();
        b.awaitReady();
    }

    private static ServiceProcess.Builder replica(String name) {
        // 429s answered at once: the shared-limit test counts what the replicas accept from clients that ask again
        // immediately, and a held 429 (scim.rate-limit.rejection-delay) would leave the clients idle for most of its window
        return ServiceProcess.builder(name).database(database).env("SCIM_RATE_LIMIT_PER_PROVIDER", Integer.toString(RATE_LIMIT))
                .env("SCIM_RATE_LIMIT_REJECTION_DELAY", "0").env("SCIM_OAUTH_TOKEN_SIGNING_KEY", SIGNING_KEY);
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new java.security.SecureRandom().nextBytes(bytes);
        return bytes;
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b, postgres}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // the others still close
            }
        }
    }

    @Test
    void concurrentCreatesWithOneEmailThroughTwoReplicasMakeOneUser() throws Exception {
        ProcessTenant tenant = ProcessTenant.create(a.baseUri().toString(), "Concurrent creates");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 8; round++) {
                String email = "race-" + round + "@example.com";
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> answers = new ArrayList<>();
                for (ServiceProcess replica : List.of(a, b)) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return ScimApi.scim(tenant.token()).baseUri(replica.baseUri().toString())
                                .body(ScimApi.userBody(email, "Race " + email)).post("/scim/v2/Users").statusCode();
                    }));
                }
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> answer : answers) {
                    statuses.add(answer.get());
                }
                assertThat(statuses).as("round %d", round).containsExactlyInAnyOrder(201, 409);
                assertThat(database.query("select count(*) from users where email = '" + email + "' and organization_id = '"
                        + tenant.organizationId() + "'")).containsExactly(List.of("1"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void revokedKeysAndDeletedProvidersAndClientsStopWorkingOnTheOtherReplicaWithinOneSecond() {
        ProcessTenant tenant = ProcessTenant.create(a.baseUri().toString(), "Revocations");
        ProcessTenant.admin(a.baseUri().toString(), ProcessTenant.platformAdminToken()).body("{\"multiScimEnabled\":true}")
                .patch("/admin/organizations/" + tenant.organizationId()).then().statusCode(200);

        // an organization key, used on B (so B has it cached), revoked on A
        Key key = organizationKey(tenant);
        assertThat(scimStatus(b, key.token())).isEqualTo(200);
        tenant.admin().delete("/admin/organizations/" + tenant.organizationId() + "/api-keys/" + key.id()).then().statusCode(204);
        assertThat(awaitRefused(b, key.token())).as("revoked key on the other replica").isEqualTo(401);

        // a second provider with a key and an OAuth client, used on B, deleted on A
        String provider = tenant.admin().body("{\"name\":\"Okta\"}").post("/admin/organizations/" + tenant.organizationId()
                + "/scim-providers").then().statusCode(201).extract().path("id");
        String providerKey = tenant.admin().body("{\"name\":\"Okta key\"}").post("/admin/organizations/" + tenant.organizationId()
                + "/scim-providers/" + provider + "/api-keys").then().statusCode(201).extract().path("token");
        Response client = tenant.admin().body("{\"name\":\"Okta client\"}").post("/admin/organizations/" + tenant.organizationId()
                + "/scim-providers/" + provider + "/oauth-clients").then().statusCode(201).extract().response();
        String accessToken = accessToken(b, client);
        assertThat(scimStatus(b, providerKey)).isEqualTo(200);
        assertThat(scimStatus(b, accessToken)).isEqualTo(200);
        String clientPath = "/admin/organizations/" + tenant.organizationId() + "/scim-providers/" + provider + "/oauth-clients/"
                + client.path("clientId");
        tenant.admin().delete(clientPath).then().statusCode(204);
        assertThat(awaitRefused(b, accessToken)).as("deleted OAuth client on the other replica").isEqualTo(401);
        tenant.admin().delete("/admin/organizations/" + tenant.organizationId() + "/scim-providers/" + provider)
                .then().statusCode(204);
        assertThat(awaitRefused(b, providerKey)).as("key of a deleted provider on the other replica").isEqualTo(401);

        // the listening connections are cut: each replica listens again, and notices reach B as before
        int before = listenedAgain(b);
        assertThat(database.terminateConnections(ChangeNotices.APPLICATION_NAME)).as("listening connections").isEqualTo(2);
        Eventually.await(Duration.ofSeconds(10), () -> listenedAgain(b), count -> count > before);
        assertThat(listenedAgain(b)).as("B listens again").isGreaterThan(before);
        Key later = organizationKey(tenant);
        assertThat(scimStatus(b, later.token())).isEqualTo(200);
        tenant.admin().delete("/admin/organizations/" + tenant.organizationId() + "/api-keys/" + later.id()).then().statusCode(204);
        assertThat(awaitRefused(b, later.token())).as("revoked key on the other replica after its listener reconnected")
                .isEqualTo(401);
    }

    @Test
    void anOAuthTokenIssuedByOneReplicaWorksOnTheOtherUntilItsClientIsDeletedThere() {
        ProcessTenant tenant = ProcessTenant.create(a.baseUri().toString(), "Shared signing key");
        String clients = "/admin/organizations/" + tenant.organizationId() + "/scim-providers/" + tenant.providerId()
                + "/oauth-clients";
        Response client = tenant.admin().body("{\"name\":\"Gallery app\"}").post(clients).then().statusCode(201).extract().response();
        String accessToken = accessToken(a, client);

        // issued by A, accepted by B: B acts as the client's provider
        String id = ScimApi.scim(accessToken).baseUri(b.baseUri().toString()).body(ScimApi.userBody("oauth@example.com", "OAuth"))
                .post("/scim/v2/Users").then().statusCode(201).extract().path("id");
        assertThat(database.query("select user_name, scim_provider_id from users where id = '" + id + "'"))
                .containsExactly(List.of("oauth@example.com", tenant.providerId().toString()));
        ScimApi.scim(accessToken).baseUri(b.baseUri().toString())
                .queryParam("filter", "userName eq \"oauth@example.com\"").get("/scim/v2/Users")
                .then().statusCode(200).body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(id));

        // the client deleted on A: B refuses its token within a second
        tenant.admin().delete(clients + "/" + client.path("clientId")).then().statusCode(204);
        assertThat(awaitRefused(b, accessToken)).as("token of a client deleted on the other replica").isEqualTo(401);
        assertThat(scimStatus(a, accessToken)).isEqualTo(401);
        // both replicas have the key: neither warns that their tokens are theirs alone
        for (ServiceProcess replica : List.of(a, b)) {
            assertThat(replica.log()).as(replica.name()).noneMatch(line -> line.contains("SCIM_OAUTH_TOKEN_SIGNING_KEY"));
        }
    }

    @Test
    void theRateLimitIsTheDeploymentsSharedByTheReplicas() throws Exception {
        for (ServiceProcess replica : List.of(a, b)) {
            assertThat(Eventually.await(Duration.ofSeconds(10), () -> liveReplicas(replica), live -> live == 2.0))
                    .as("replicas %s sees", replica.name()).isEqualTo(2.0);
        }
        ProcessTenant tenant = ProcessTenant.create(a.baseUri().toString(), "Shared rate limit");
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger limited = new AtomicInteger();
        // at least 4 s, and on until the limit has refused something (a loaded machine's clients may need longer
        // to ask beyond it), at most 20 s; what was accepted is compared with what the limit allows in that time
        long window = Duration.ofSeconds(4).toNanos();
        long longest = Duration.ofSeconds(20).toNanos();
        long started = System.nanoTime();
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int thread = 0; thread < 8; thread++) {
                clients.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; System.nanoTime() - started < (limited.get() == 0 ? longest : window); i++) {
                        ServiceProcess replica = i % 2 == 0 ? a : b;
                        int status = ScimApi.scim(tenant.token()).baseUri(replica.baseUri().toString())
                                .get("/scim/v2/ServiceProviderConfig").statusCode();
                        (status == 200 ? accepted : limited).incrementAndGet();
                        assertThat(status).isIn(200, 429);
                    }
                }, pool));
            }
            CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get();
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        // the deployment allows a burst of twice the limit, then the limit per second
        double allowed = 2.0 * RATE_LIMIT + RATE_LIMIT * seconds;
        System.out.printf("ReplicasIT: %d accepted, %d refused in %.2f s through two replicas; the deployment allows %.0f%n",
                accepted.get(), limited.get(), seconds, allowed);
        assertThat(limited.get()).as("requests beyond the limit were refused").isPositive();
        assertThat((double) accepted.get()).as("accepted in %.1f s by the two replicas together", seconds)
                .isBetween(0.75 * allowed, 1.25 * allowed);
    }

    private record Key(String id, String token) {
    }

    private static Key organizationKey(ProcessTenant tenant) {
        Response created = tenant.admin().body("{\"name\":\"Rotating\",\"permissions\":[\"manage_users\"]}")
                .post("/admin/organizations/" + tenant.organizationId() + "/api-keys").then().statusCode(201).extract().response();
        return new Key(created.path("id"), created.path("token"));
    }

    /** A token from the client credentials grant of {@code replica}. */
    private static String accessToken(ServiceProcess replica, Response client) {
        return RestAssured.given().baseUri(replica.baseUri().toString())
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((client.path("clientId") + ":"
                        + client.path("clientSecret")).getBytes(StandardCharsets.UTF_8)))
                .contentType("application/x-www-form-urlencoded").body("grant_type=client_credentials")
                .post("/oauth/token").then().statusCode(200).extract().path("access_token");
    }

    private static int scimStatus(ServiceProcess replica, String token) {
        return ScimApi.scim(token).baseUri(replica.baseUri().toString()).get("/scim/v2/Users?count=1").statusCode();
    }

    /** The status once the replica refuses the token, or the last one after a second. */
    private static int awaitRefused(ServiceProcess replica, String token) {
        return Eventually.await(WITHIN, () -> scimStatus(replica, token), status -> status == 401);
    }

    private static int listenedAgain(ServiceProcess replica) {
        return (int) replica.log().stream().filter(line -> line.contains("Listening for credential changes again")).count();
    }

    private static double liveReplicas(ServiceProcess replica) {
        return PrometheusScrape.parse(RestAssured.given().baseUri(replica.baseUri().toString()).accept("text/plain")
                .get("/q/metrics").then().statusCode(200).extract().asString()).value("scim_replicas_live");
    }
}
