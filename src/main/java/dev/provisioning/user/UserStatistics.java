package dev.provisioning.user;

import dev.provisioning.persistence.VertxContexts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Keeps PostgreSQL's statistics of {@code users} from lagging far behind a fast-growing table, so the
 * work-email lookup's plan is the email index from the first seconds of an initial cycle.
 *
 * <p>The service's statements use one generic plan per connection ({@code plan_cache_mode}), made from
 * the table's statistics. On a fresh database {@code users} has none until autovacuum's first
 * ANALYZE, which comes a minute or more into the first Entra cycle ({@code autovacuum_naptime}); until
 * then the lookup's plan walks the whole organization through {@code users_org_created} and filters
 * every row (bench/RESULTS.md: 3–4 ms per lookup instead of 0.05 ms, 80 % of the cycle's database time).
 * Every {@link #INTERVAL} each replica asks whether {@link #MIN_CHANGES} or more rows changed since the
 * last ANALYZE and more than the table then held, and if so runs it: in a fresh database after the
 * first {@value #MIN_CHANGES} users, then each time the table has doubled (a dozen times up to a
 * million users, each sampling at most 30 000 rows), then never again in steady state, where
 * autovacuum's own 10 % rule takes over. ANALYZE does not block reads or writes; every cached plan of
 * the table is made again afterwards. A replica without the table's ownership is skipped by
 * PostgreSQL with a warning (no error).
 */
@ApplicationScoped
public class UserStatistics {
    private static final Logger LOG = Logger.getLogger(UserStatistics.class);
    static final Duration INTERVAL = Duration.ofSeconds(2);
    static final long MIN_CHANGES = 500;

    private final UserRepository users;
    private final Vertx vertx;
    private volatile boolean running;
    private long timer = -1;

    public UserStatistics(UserRepository users, Vertx vertx) {
        this.users = users;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(INTERVAL.toMillis(), id -> refresh().subscribe().with(analyzed -> {
            if (analyzed) {
                LOG.debug("users: statistics refreshed (ANALYZE)");
            }
        }, failure -> LOG.debug("Could not check the statistics of users", failure)));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One check, and ANALYZE when the statistics are stale; overlapping checks are skipped. */
    Uni<Boolean> refresh() {
        if (running) {
            return Uni.createFrom().item(false);
        }
        running = true;
        return VertxContexts.ensure(() -> Panache.withSession(() -> users.analyzeIfStale(MIN_CHANGES)))
                .eventually(() -> running = false);
    }
}
