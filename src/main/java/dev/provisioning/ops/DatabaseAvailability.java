package dev.provisioning.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Whether PostgreSQL is reachable, as {@code scim_database_available} (1/0, product.md §8.1) and
 * as {@link #available()} for whatever else needs to know (readiness, fast 503s).
 *
 * <p>A background probe asks the driver whether a connection is valid (JDBC {@code isValid}: an empty
 * statement, answered by PostgreSQL) every {@code scim.database.probe-interval} on a
 * worker thread, through the JDBC pool that Flyway uses (a connection of its own, so a pool full
 * of slow requests does not read as "down"; no request path ever waits for it). Reading the value
 * costs nothing, so a storm of scrapes never becomes a storm of queries. The answer is 0 when the
 * last probe failed, and also when no probe has succeeded for two intervals (a probe hanging on an
 * unreachable host reads as down instead of keeping the last good answer).
 */
@ApplicationScoped
public class DatabaseAvailability {
    private static final Logger LOG = Logger.getLogger(DatabaseAvailability.class);

    private final DataSource dataSource;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final long intervalMillis;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean lastProbeSucceeded;
    private volatile boolean probed;
    private volatile long lastSuccessNanos;
    private long timer = -1;

    public DatabaseAvailability(DataSource dataSource, Vertx vertx, MeterRegistry registry, ScimConfig config) {
        this.dataSource = dataSource;
        this.vertx = vertx;
        this.registry = registry;
        this.intervalMillis = Math.max(100, config.database().probeInterval().toMillis());
    }

    void start(@Observes StartupEvent event) {
        probe();
        Gauge.builder("scim.database.available", this, availability -> availability.available() ? 1 : 0)
                .description("1 while PostgreSQL answers the periodic probe, 0 otherwise")
                .strongReference(true)
                .register(registry);
        timer = vertx.setPeriodic(intervalMillis, id -> probeInBackground());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** True while the last probe succeeded and it is recent. */
    public boolean available() {
        return lastProbeSucceeded && System.nanoTime() - lastSuccessNanos <= 2_000_000L * intervalMillis;
    }

    private void probeInBackground() {
        if (!probing.compareAndSet(false, true)) {
            return;  // the previous probe still waits for the database: available() turns 0 on its own
        }
        vertx.executeBlocking(() -> {
            probe();
            return null;
        }, false).onComplete(done -> probing.set(false));
    }

    /** One blocking probe (a worker thread, or the start-up thread). */
    void probe() {
        boolean before = lastProbeSucceeded;
        boolean first = !probed;
        probed = true;
        // a connection that failed is dropped by the pool on close (Quarkus' PostgreSQL exception sorter)
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid((int) Math.max(1, intervalMillis / 1000))) {
                throw new SQLException("PostgreSQL did not answer the probe in time");
            }
            lastSuccessNanos = System.nanoTime();
            lastProbeSucceeded = true;
            if (!before && !first) {
                LOG.info("Database reachable again");
            }
        } catch (SQLException | RuntimeException e) {
            lastProbeSucceeded = false;
            if (before || first) {
                LOG.warnf("Database unreachable: %s", e.getMessage());
            }
        }
    }
}
