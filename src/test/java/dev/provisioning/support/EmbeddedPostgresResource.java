package dev.provisioning.support;

import io.quarkus.test.common.DevServicesContext;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives the tests a real PostgreSQL: the embedded one, unless a database URL is configured
 * ({@code QUARKUS_DATASOURCE_REACTIVE_URL} and {@code QUARKUS_DATASOURCE_JDBC_URL}), in which case
 * the tests use that database. Where the database is, {@link TestDatabase} learns through system
 * properties of the test JVM.
 *
 * <p>For a {@code @QuarkusIntegrationTest} the packaged service (jar or native executable) runs in
 * its production profile, so it also gets here what the {@code %test} profile gives the
 * {@code @QuarkusTest}s: the test key that admin JWTs are verified with, no bootstrap, and no rate
 * limit unless the test has a profile (whose settings these would override: test resources win).
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager, DevServicesContext.ContextAware {
    private EmbeddedPostgres postgres;
    private boolean integrationTest;
    private boolean profiled;

    @Override
    public void setContext(Context context) {
        profiled = context.testProfile() != null;
    }

    @Override
    public void setIntegrationTestContext(DevServicesContext context) {
        integrationTest = true;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        if (integrationTest) {
            config.put("mp.jwt.verify.publickey.location", testPublicKey());
            config.put("scim.bootstrap.enabled", "false");
            if (!profiled) {
                config.put("scim.rate-limit.per-provider", "0");
            }
        }
        if (System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL") != null || System.getenv("QUARKUS_DATASOURCE_JDBC_URL") != null) {
            return config;
        }
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new IllegalStateException("Embedded PostgreSQL did not start", e);
        }
        int port = postgres.getPort();
        config.put("quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/postgres");
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port + "/postgres");
        config.put("quarkus.datasource.username", "postgres");
        config.put("quarkus.datasource.password", "postgres");
        System.setProperty(TestDatabase.URL, config.get("quarkus.datasource.reactive.url"));
        System.setProperty(TestDatabase.USERNAME, "postgres");
        System.setProperty(TestDatabase.PASSWORD, "postgres");
        return config;
    }

    /** The test key as a file URL: the packaged service does not carry the test resources. */
    private static String testPublicKey() {
        URL key = EmbeddedPostgresResource.class.getResource("/test-public-key.pem");
        if (key == null) {
            throw new IllegalStateException("test-public-key.pem is missing from the test resources");
        }
        return key.toString();
    }

    @Override
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException ignored) {
                // the process is gone with the JVM anyway
            }
        }
    }
}
