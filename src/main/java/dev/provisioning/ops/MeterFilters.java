package dev.provisioning.ops;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Set;

/** Micrometer filters applied to every registry. */
public class MeterFilters {
    /**
     * The reactive PostgreSQL client creates Vert.x client metrics for every connection, and Quarkus
     * registers these two gauges for each: the first connection's wins, every later one is ignored
     * with the start-up warning "This Gauge has been already registered". A gauge of one connection
     * among twenty says nothing; the pool's {@code sql_pool_queue_size} and {@code sql_pool_active}
     * are the ones to watch.
     */
    static final Set<String> PER_CONNECTION_GAUGES = Set.of("postgresql.queue.size", "postgresql.current");

    /**
     * Installs the filter on Micrometer's global registry before anything registers a meter: the first
     * connections are opened before Quarkus applies the CDI filters, and a gauge registered once is
     * warned about on its second registration whatever the filters say later. Called by the launcher.
     */
    static void installEarly() {
        Metrics.globalRegistry.config().meterFilter(dropPerConnectionGauges());
    }

    @Produces
    @Singleton
    MeterFilter perConnectionGauges() {
        return dropPerConnectionGauges();
    }

    private static MeterFilter dropPerConnectionGauges() {
        return MeterFilter.deny(id -> PER_CONNECTION_GAUGES.contains(id.getName()));
    }
}
