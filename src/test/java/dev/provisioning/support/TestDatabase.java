package dev.provisioning.support;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.InstanceHandle;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * The service's database as the tests reach it, for setting up data and reading stored state.
 * In a {@code @QuarkusTest} the service runs in this JVM and its own pool is used when the container
 * still has that bean (else the tests' own, as below). Against the
 * packaged service ({@code @QuarkusIntegrationTest}: the jar, or the native executable) nothing
 * can be injected, so the tests open a small pool of their own to the database the service was
 * given: the one {@link EmbeddedPostgresResource} started, or the one QUARKUS_DATASOURCE_* names.
 */
public final class TestDatabase {
    /**
     * System properties through which {@link EmbeddedPostgresResource} tells where its database is;
     * outside the service's {@code scim.} and {@code quarkus.} names, which its configuration validates.
     */
    static final String URL = "tests.database.reactive-url";
    static final String USERNAME = "tests.database.username";
    static final String PASSWORD = "tests.database.password";

    private static Pool outside;
    private static String outsideUrl;

    private TestDatabase() {
    }

    public static Pool pool() {
        ArcContainer container = Arc.container();
        if (container != null && container.isRunning()) {
            InstanceHandle<Pool> service = container.instance(Pool.class);
            if (service.isAvailable()) {
                return service.get();
            }
            // no application code injects the pool any more, so the container may have removed the bean
        }
        return outsidePool();
    }

    /** One pool per database: a test profile restarts the service, and the resource, with a fresh database. */
    private static synchronized Pool outsidePool() {
        String url = firstSet(System.getProperty(URL), System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL"));
        if (url == null) {
            throw new IllegalStateException("No test database: EmbeddedPostgresResource has not started and "
                    + "QUARKUS_DATASOURCE_REACTIVE_URL is not set");
        }
        if (!url.equals(outsideUrl)) {
            if (outside != null) {
                outside.closeAndAwait();
            }
            PgConnectOptions options = PgConnectOptions.fromUri(url);
            String user = firstSet(System.getProperty(USERNAME), System.getenv("QUARKUS_DATASOURCE_USERNAME"));
            String password = firstSet(System.getProperty(PASSWORD), System.getenv("QUARKUS_DATASOURCE_PASSWORD"));
            if (user != null) {
                options.setUser(user);
            }
            if (password != null) {
                options.setPassword(password);
            }
            outside = PgBuilder.pool().connectingTo(options).with(new PoolOptions().setMaxSize(4)).build();
            outsideUrl = url;
        }
        return outside;
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
